"""An ``include`` path interpolated from a variable whose value is unknown: the included
project takes its variables from an ``env_file`` that is not in the tree (each developer writes
it), so ``search.${SEARCH_KIND:-single}.yml`` may name any file.  Which one Compose loads is
unknown; that is valid Compose, not an invalid path: no error line, and the rest of the project
is judged as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ROOT = """\
include:
  - path: services.yml
    env_file:
      - {env_file}
"""

SERVICES = """\
include:
  - search.${SEARCH_KIND:-single}.yml
services:
  worker:
    build: .
    command: python -m tally.worker
  cache:
    image: redis:7
"""

SEARCH = """\
services:
  search:
    image: opensearchproject/opensearch:2
"""

WORKER = """\
import redis

r = redis.Redis(host="localhost", port=6379)
"""


def _run(tmp_path: Path, env_file: str):
    make(tmp_path, {
        "compose.yaml": ROOT.format(env_file=env_file),
        "services.yml": SERVICES,
        "search.single.yml": SEARCH,
        "search.cluster.yml": SEARCH,
        "shared.env": "SECRET=x\n",
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "tally/__init__.py": "",
        "tally/worker.py": WORKER,
    }, git=True)
    return run_check([tmp_path], Config(cache=False))


def test_an_include_path_of_unknown_value_is_no_error(tmp_path):
    result = _run(tmp_path, "local.env")  # not in the tree: SEARCH_KIND may be set there
    assert [e.message for e in result.errors] == []
    assert [(f.code, f.span.path) for f in result.findings] == [("DW101", "tally/worker.py")]


def test_a_known_value_still_includes_its_file(tmp_path):
    result = _run(tmp_path, "shared.env")  # read: SEARCH_KIND is unset, its default applies
    assert [e.message for e in result.errors] == []
    assert [(f.code, f.span.path) for f in result.findings] == [("DW101", "tally/worker.py")]
    assert "search.single.yml" in result.layout.files


EXTENDS = """\
services:
  worker:
    extends:
      file: base.${FLAVOUR:-slim}.yml
      service: worker
    command: python -m tally.worker
  cache:
    image: redis:7
"""


def test_an_extends_file_of_unknown_name_is_no_error(tmp_path):
    make(tmp_path, {
        "compose.yaml": ROOT.format(env_file="local.env"),
        "services.yml": EXTENDS,
        "base.slim.yml": "services:\n  worker:\n    build: .\n",
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "tally/__init__.py": "",
        "tally/worker.py": WORKER,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert [e.message for e in result.errors] == []
