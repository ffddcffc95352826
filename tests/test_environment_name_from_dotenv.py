"""A Compose ``environment`` entry written as a name alone (``- QUEUE_URL``, or ``QUEUE_URL:``
with no value) takes its value from the shell that runs Compose or from the project's ``.env``
(Compose's "Set environment variables" page), as ``${QUEUE_URL}`` does.  The ``.env`` of the
tree gives the container that value: a loopback URL there is judged at the ``.env`` line, and a
service name there is right; a name the ``.env`` does not set stays unknown (the shell's)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "-m", "relay.main"]\n'
MAIN = ('import os\n\nimport redis\n\n'
        'redis.Redis.from_url(os.environ["QUEUE_URL"]).ping()\n')
LIST_FORM = "    environment:\n      - QUEUE_URL\n"
MAP_FORM = "    environment:\n      QUEUE_URL:\n"


def findings(tmp_path: Path, environment: str, dotenv: str | None) -> list[tuple[str, int, str, str]]:
    compose = ("services:\n"
               "  cache:\n    image: redis:7\n"
               "  relay:\n    build: .\n" + environment)
    files = {"compose.yaml": compose, "Dockerfile": DOCKERFILE,
             "relay/__init__.py": "", "relay/main.py": MAIN}
    if dotenv is not None:
        files[".env"] = dotenv
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code, f.suggestion.host if f.suggestion else "")
                  for f in result.active)


@pytest.mark.parametrize("environment", [LIST_FORM, MAP_FORM])
def test_a_name_alone_takes_the_loopback_url_of_the_dotenv(tmp_path, environment):
    dotenv = "COMPOSE_PROJECT_NAME=relay\nQUEUE_URL=redis://localhost:6379/0\n"
    assert findings(tmp_path, environment, dotenv) == [(".env", 2, "DW101", "cache")]


@pytest.mark.parametrize("environment", [LIST_FORM, MAP_FORM])
def test_a_name_alone_takes_the_service_name_of_the_dotenv(tmp_path, environment):
    assert findings(tmp_path, environment, "QUEUE_URL=redis://cache:6379/0\n") == []


def test_a_name_the_dotenv_does_not_set_is_the_shells(tmp_path):
    assert findings(tmp_path, LIST_FORM, "OTHER_URL=redis://localhost:6379/0\n") == []


def test_the_interpolated_form_is_judged_alike(tmp_path):
    environment = "    environment:\n      QUEUE_URL: ${QUEUE_URL}\n"
    assert findings(tmp_path, environment, "QUEUE_URL=redis://localhost:6379/0\n") == [(".env", 1, "DW101", "cache")]
