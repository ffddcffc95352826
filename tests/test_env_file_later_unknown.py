"""A service's env_file list is applied in order, a later file over an earlier one.  Where a
later required file is not in the tree and has no committed twin (a ``.env.docker`` that a
setup script writes, "overrides .env"), it may set any variable of the earlier files: those
variables are set in the container, their values unknown, so no finding is made on the
earlier files' lines for that service.  Without such a later file, or where the unknown file
comes first, the committed values are judged as before."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  store:
    image: postgres:16
  api:
    build: .
    env_file:
{files}
"""
APP = 'import os\n\nimport psycopg\n\npsycopg.connect(os.environ["STORE_DSN"])\n'


def _findings(tmp_path: Path, files: list[str], present: dict[str, str]) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(files="".join(f"      - {f}\n" for f in files)),
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": APP,
        **present,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.code) for f in result.active)


SAMPLE = {"api.env.sample": "STORE_DSN=postgresql://app@localhost:5432/app\n"}


def test_values_a_later_unknown_env_file_may_replace_are_not_judged(tmp_path):
    assert _findings(tmp_path, ["api.env", "api.docker.env"], SAMPLE) == []


@pytest.mark.parametrize("files, present", [
    (["api.env"], SAMPLE),  # no later file
    (["api.docker.env", "api.env"], SAMPLE),  # the unknown file comes first: the committed one wins
    (["api.env", "api.docker.env"], {**SAMPLE, "api.docker.env": "LOG_LEVEL=debug\n"}),  # the later file is known
])
def test_committed_values_nothing_unknown_replaces_are_still_judged(tmp_path, files, present):
    assert _findings(tmp_path, files, present) == [("api.env.sample", "DW101")]


# The long syntax with `required: false` (Compose 2.24+) names an optional file: where it is
# not in the tree it may still exist where the project is deployed (an operator's `.env.prod`
# copied from the sample and edited), so it may replace the earlier values just as well.
OPTIONAL = "{path: api.docker.env, required: false}"


def test_values_a_later_optional_env_file_may_replace_are_not_judged(tmp_path):
    assert _findings(tmp_path, ["api.env", OPTIONAL], SAMPLE) == []


@pytest.mark.parametrize("files, present", [
    ([OPTIONAL, "api.env"], SAMPLE),  # the optional file comes first: the committed one wins
    (["api.env", OPTIONAL], {**SAMPLE, "api.docker.env": "LOG_LEVEL=debug\n"}),  # it is known
])
def test_committed_values_an_optional_file_does_not_replace_are_still_judged(tmp_path, files, present):
    assert _findings(tmp_path, files, present) == [("api.env.sample", "DW101")]
