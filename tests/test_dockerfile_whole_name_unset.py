"""A service whose whole Dockerfile name is a variable, ``dockerfile: ${WEB_DOCKERFILE}``, set by
an ``--env-file .env`` the tree's Makefile passes but the tree does not hold (a demo stack that
keeps one Dockerfile path per service in its environment): which Dockerfile it builds is unknown.  That is no error of the Compose
file (before, the unset value reached the reader as a path ending in a NUL byte and came out as
``error: <dir>/ : invalid path``), and the other services of the file are still judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build:
      context: ./
      dockerfile: ${WEB_DOCKERFILE}
    ports:
      - "8080:8080"
  poller:
    build: ./poller
  cache:
    image: redis:7
"""
MAKEFILE = """\
up:
\tdocker compose --env-file .env --env-file .env.override -f compose.yaml up -d
"""
POLLER_IMAGE = """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
CMD ["python", "poll.py"]
"""
POLLER = """\
import redis

redis.Redis(host="localhost", port=6379).ping()
"""


def _run(tmp_path: Path):
    make(tmp_path, {
        "stack/compose.yaml": COMPOSE,
        "stack/Makefile": MAKEFILE,
        "stack/src/web/Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
        "stack/poller/Dockerfile": POLLER_IMAGE,
        "stack/poller/poll.py": POLLER,
    }, git=True)
    return run_check([tmp_path], Config(cache=False))


def test_a_dockerfile_named_wholly_by_an_unset_variable_is_no_error(tmp_path):
    assert [e.message for e in _run(tmp_path).errors] == []


def test_the_other_services_are_still_judged(tmp_path):
    found = sorted((f.code, f.span.path) for f in _run(tmp_path).active)
    assert ("DW101", "stack/poller/poll.py") in found
