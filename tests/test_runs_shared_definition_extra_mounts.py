"""A command-less service of a python image is the definition its commanded siblings share even
where they hold more than it does: a YAML anchor merged into a service that adds a bind mount of a
data directory (``<<: *base`` then ``volumes: [./uploads:/srv/uploads]``) holds every file the
command-less one holds, and its command says how that code runs.  The command-less container
starts the bare interpreter and runs none of the project's files; the commanded sibling is judged
as before.  A sibling that holds only part of the command-less one's code names no command for
the rest, and the command-less service keeps falling back to every file it holds."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

FILES = {
    "Dockerfile": "FROM python:3.11-slim\nWORKDIR /srv\nCOPY . /srv/\n",
    "serve.py": "import redis\n\nstore = redis.Redis(host=\"localhost\", port=6379)\nstore.ping()\n",
    "jobs/sync.py": "import requests\n\nrequests.get(\"http://127.0.0.1:8000/items/\")\n",
    "uploads/.keep": "",
}

ANCHORED = """\
services:
  keystore:
    image: redis:7
  base: &base
    build: .
    image: shop-dev:latest
  api:
    <<: *base
    volumes:
      - ./uploads:/srv/uploads
    command: python /srv/serve.py
"""

PARTIAL = """\
services:
  keystore:
    image: redis:7
  base:
    build: .
    volumes:
      - ./jobs:/srv/jobs
  api:
    build: .
    command: python /srv/serve.py
"""


def _findings(tmp_path: Path, compose: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {"compose.yaml": compose, **FILES}, git=True)
    return sorted((f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_sibling_holding_more_code_names_the_command_and_the_definition_runs_nothing(tmp_path):
    assert _findings(tmp_path, ANCHORED) == [("serve.py", ("api",))]


def test_a_sibling_holding_only_part_of_the_code_leaves_the_fallback(tmp_path):
    assert ("jobs/sync.py", ("base",)) in _findings(tmp_path, PARTIAL)
