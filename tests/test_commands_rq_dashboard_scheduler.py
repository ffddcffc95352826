"""RQ's companions run none of the project's code: the dashboard (`rq-dashboard`, a Flask
server of its own on 0.0.0.0:9181 that imports only its `--config` module) and rq-scheduler's
`rqscheduler` (it moves due jobs onto their queues; workers run them).  A container running
one of them from the project's image is not judged on every file it holds, so a script only
that image holds is no finding there; the address its own command dials still is, and the
script a worker container runs is judged as before."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  loader:
    build: .
    command: python load.py
  side:
    build: .
    command: {command}
  kv:
    image: redis:7
"""
DIAL = 'import redis\n\nredis.Redis(host="localhost", port=6379).ping()\n'


def _findings(tmp_path: Path, command: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(command=command),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        "load.py": DIAL,
        "scripts/backfill.py": DIAL,
    }, git=True)
    return sorted((f"{f.span.path}:{f.span.line}", tuple(sorted(f.services)))
                  for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("command", [
    "rq-dashboard --redis-url redis://kv:6379/0 --port 9181",
    "python -m rq_dashboard -u redis://kv:6379/0",
    "rqscheduler --url redis://kv:6379/0 -i 30",
])
def test_the_companion_is_not_judged_on_the_images_files(tmp_path, command):
    assert _findings(tmp_path, command) == [("load.py:3", ("loader",))]


def test_the_address_its_own_command_dials_is_still_judged(tmp_path):
    found = _findings(tmp_path, "rq-dashboard --redis-url redis://localhost:6379/0")
    assert found == [("compose.yaml:7", ("side",)), ("load.py:3", ("loader",))]


def test_the_dashboard_image_serves_its_port(tmp_path):
    make(tmp_path, {
        "compose.yaml": "services:\n  probe:\n    build: .\n    command: python check.py\n"
                        "  board:\n    image: eoranged/rq-dashboard:v0.6.1\n    environment:\n"
                        "      RQ_DASHBOARD_REDIS_URL: redis://kv:6379/0\n  kv:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        "check.py": 'import requests\n\nrequests.get("http://localhost:9181/queues.json", timeout=5)\n',
    }, git=True)
    [f] = run_check([tmp_path], Config(cache=False)).active
    assert (f.suggestion.host, f.suggestion.port) == ("board", 9181)
