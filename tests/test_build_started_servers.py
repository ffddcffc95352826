"""A server an image's own build starts (an all-in-one test image: ``RUN service postgresql
start && psql -c ...``) is held by that image, set up to serve in its containers: a loopback
address of its port there is no brittle address (``layout/buildservers.py``).  So is one a
start command starts through its init script (``service postgresql start`` in the entrypoint,
``runs.entries``).  A server stopped or only queried, started in a stage the image is not built
from, serving another port, or one another service of the project serves, leaves the address
reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

URL = "ENV DATABASE_URL=postgresql://tester:secret@localhost:5432/ledger\n"


def flagged(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str]]:
    make(tmp_path, {"ledger/__init__.py": "", **files}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


def _image(run: str, tail: str = "") -> str:
    return ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
            "RUN apt-get update && apt-get install -y postgresql-15\n"
            f"RUN {run}\n{URL}{tail}CMD [\"python\", \"-m\", \"pytest\"]\n")


@pytest.mark.parametrize("run", [
    "service postgresql start && su postgres -c \"psql -c 'create user tester'\"",
    "sudo service postgresql restart",
    "/etc/init.d/postgresql start; su postgres -c 'createdb ledger'",
    "set -x \\\n    && service postgresql start \\\n    && echo ready",
])
def test_a_server_the_build_starts_serves_the_image_itself(tmp_path, run):
    assert flagged(tmp_path, {"Dockerfile": _image(run)}) == []


def test_a_daemon_program_the_build_runs_counts_too(tmp_path):
    app = "import redis\n\ncache = redis.Redis(host='localhost', port=6379)\n"
    dockerfile = ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
                  "RUN redis-server --daemonize yes && sleep 1\nCMD [\"python\", \"-m\", \"ledger.cache\"]\n")
    assert flagged(tmp_path, {"Dockerfile": dockerfile, "ledger/cache.py": app}) == []


def test_a_stage_the_image_is_built_from_counts(tmp_path):
    dockerfile = ("FROM python:3.12-slim AS withdb\nRUN service postgresql start\n"
                  "FROM withdb AS tests\nWORKDIR /srv\nCOPY . .\n" + URL)
    assert flagged(tmp_path, {"Dockerfile": dockerfile}) == []


@pytest.mark.parametrize("run", [
    "service postgresql stop",
    "service postgresql status || true",
    "service redis-server start",  # another server's port
    "echo service postgresql start",
])
def test_no_server_of_that_port_left_started_keeps_the_finding(tmp_path, run):
    assert flagged(tmp_path, {"Dockerfile": _image(run)}) == [("Dockerfile", "DW101")]


def test_a_server_started_in_another_stage_is_not_in_the_image(tmp_path):
    dockerfile = ("FROM python:3.12-slim AS seed\nRUN service postgresql start && echo seeded\n"
                  "FROM python:3.12-slim\nWORKDIR /srv\nCOPY --from=seed /srv /srv\n" + URL)
    assert flagged(tmp_path, {"Dockerfile": dockerfile}) == [("Dockerfile", "DW101")]


def test_in_compose_only_the_service_of_that_image_serves_it(tmp_path):
    compose = ("services:\n  checks:\n    build:\n      context: .\n      dockerfile: Dockerfile.checks\n"
               "  web:\n    build: .\n    command: python -m ledger\n")
    plain = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n" + URL
    got = flagged(tmp_path, {"compose.yaml": compose, "Dockerfile.checks": _image("service postgresql start"),
                             "Dockerfile": plain, "ledger/__main__.py": "print('up')\n"})
    assert got == [("Dockerfile", "DW101")]


def test_another_service_serving_the_port_keeps_the_finding(tmp_path):
    # the build's server was a setup aid: at run time the project's database is the other service
    compose = ("services:\n  db:\n    image: postgres:16\n"
               "  checks:\n    build: .\n    command: python -m pytest\n")
    got = flagged(tmp_path, {"compose.yaml": compose, "Dockerfile": _image("service postgresql start")})
    assert got == [("Dockerfile", "DW101")]


@pytest.mark.parametrize("first, reported", [
    ("service postgresql start", False),
    ("sudo /etc/init.d/postgresql restart", False),
    ("service postgresql status", True),
])
def test_an_init_script_the_start_command_runs(tmp_path, first, reported):
    app = "import psycopg\n\nconn = psycopg.connect(host='localhost', port=5432, dbname='ledger')\n"
    dockerfile = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["./start.sh"]\n'
    script = f"#!/bin/sh\nset -e\n{first}\nexec python -m ledger.db\n"
    got = flagged(tmp_path, {"Dockerfile": dockerfile, "start.sh": script, "ledger/db.py": app})
    assert got == ([("ledger/db.py", "DW101")] if reported else [])
