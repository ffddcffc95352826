"""A command-less service of an image whose default command is the bare interpreter (the python
image's ``CMD ["python3"]``), beside services of its Compose project that hold the same code and
name their commands (``extends: web`` then ``command: python manage.py runserver``), is the
definition they share: its own container starts a prompt and runs none of the project's files,
so a client script kept beside the app (run on the host) is not judged there.  The commands of
the services extending it are judged as before, and a command-less service with no such
sibling still falls back to every file it holds."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

BASE = """\
services:
  keystore:
    image: redis:7
  app:
    build: .
    volumes:
      - .:/srv
"""
RUNNER = """\
  app_serve:
    extends:
      service: app
    command: python /srv/serve.py
"""
FILES = {
    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
    "serve.py": "import redis\n\nstore = redis.Redis(host=\"localhost\", port=6379)\nstore.ping()\n",
    "call_api.py": "import requests\n\nrequests.get(\"http://127.0.0.1:8000/items/\")\n",
}


def _findings(tmp_path: Path, compose: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {"compose.yaml": compose, **FILES}, git=True)
    return sorted((f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_shared_definition_runs_nothing_and_the_extending_command_is_judged(tmp_path):
    assert _findings(tmp_path, BASE + RUNNER) == [("serve.py", ("app_serve",))]


def test_a_commandless_service_with_no_commanded_sibling_still_falls_back(tmp_path):
    assert _findings(tmp_path, BASE) == [("call_api.py", ("app",)), ("serve.py", ("app",))]
