"""A service Compose cannot build runs nothing: its values are dialled nowhere.

``build: ./sync`` with no image, where ``./sync`` (or its Dockerfile) is not in the tree: a
git submodule left out, a generated directory, a build the author never committed.
``docker compose build`` stops at "failed to read dockerfile", and no container of it runs;
what its code would read is not seen either.  Its environment's ``localhost`` addresses and
service names are no finding, nor is a Python file in a context without a Dockerfile.  The
same values in a service that builds keep their findings, and so does a service that names an
image beside its missing build (Compose runs the image).
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  sync:
{sync}
    environment:
      SEARCH_URL: http://localhost:9200
      DATABASE_URL: postgresql://app@localhost:5432/app
  web:
    build: .
    command: python app.py
    environment:
      DATABASE_URL: postgresql://app@localhost:5432/app
  db:
    image: postgres:16
  search:
    image: elasticsearch:8.13.0
"""

APP = "import os\n\nimport psycopg\n\npsycopg.connect(os.environ['DATABASE_URL'])\n"
SYNC = "import redis\n\nredis.Redis(host='localhost').ping()\n"
PY_DOCKERFILE = "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\nCMD [\"python\", \"main.py\"]\n"


def _findings(tmp_path: Path, sync: str, files: dict[str, str]) -> list[tuple[str, int, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(sync=sync),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app.py": APP,
        **files,
    }, git=True)
    return sorted((f.span.path, f.span.line, f.services) for f in run_check([tmp_path], Config(cache=False)).findings)


WEB = ("compose.yaml", 11, ("web",))


def test_a_build_context_missing_from_the_tree_runs_nothing(tmp_path):
    assert _findings(tmp_path, "    build: ./sync", {}) == [WEB]


def test_a_context_without_its_dockerfile_runs_nothing(tmp_path):
    assert _findings(tmp_path, "    build: ./sync", {"sync/main.py": SYNC}) == [WEB]


def test_a_service_that_builds_keeps_its_findings(tmp_path):
    got = _findings(tmp_path, "    build: ./sync", {"sync/main.py": SYNC, "sync/Dockerfile": PY_DOCKERFILE})
    assert ("sync/main.py", 3, ("sync",)) in got
    assert ("compose.yaml", 6, ("sync",)) in got
    assert WEB in got


def test_an_image_beside_a_missing_build_still_runs(tmp_path):
    """Compose pulls or runs the image the service names: its values stay judged."""
    got = _findings(tmp_path, "    image: ghcr.io/acme/sync:1\n    build: ./sync", {})
    assert ("compose.yaml", 7, ("sync",)) in got
