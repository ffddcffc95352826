"""A server that runs no Python, started by the container's own start command beside its
app (an all-in-one image: `redis-server /etc/redis.conf &` in the entrypoint, then the app),
listens in that container: the app's loopback address of its port is right
(``rules/commands.yaml`` daemons, ``runs.entries`` StartEntries.listens)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["./start.sh"]\n'
APP = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\n'


def flagged(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str]]:
    make(tmp_path, {"app/__init__.py": "", "app/main.py": APP, **files}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


def _script(first: str) -> str:
    return f"#!/bin/sh\nset -e\n{first}\nexec python -m app.main\n"


@pytest.mark.parametrize("first", [
    "redis-server /etc/redis/redis.conf &",
    "/usr/bin/redis-server --daemonize yes",
    "valkey-server --port=6379 &",
])
def test_a_daemon_the_entrypoint_starts_is_the_containers_own(tmp_path, first):
    assert flagged(tmp_path, {"Dockerfile": DOCKERFILE, "start.sh": _script(first)}) == []


@pytest.mark.parametrize("first", [
    "echo starting",
    "redis-server --port 6380 &",  # it listens elsewhere: 6379 is nobody's here
    'redis-server --port "$REDIS_PORT" &',  # where it listens is not known
])
def test_without_a_daemon_on_that_port_the_address_is_reported(tmp_path, first):
    assert flagged(tmp_path, {"Dockerfile": DOCKERFILE, "start.sh": _script(first)}) == [("app/main.py", "DW101")]


def test_a_compose_command_starts_it_too(tmp_path):
    compose = ('services:\n  web:\n    build: .\n'
               '    command: sh -c "redis-server --daemonize yes && python -m app.main"\n')
    dockerfile = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
    assert flagged(tmp_path, {"compose.yaml": compose, "Dockerfile": dockerfile}) == []


def test_a_daemon_of_another_service_is_not_in_this_container(tmp_path):
    compose = ('services:\n  web:\n    build: .\n    command: python -m app.main\n'
               '  cache:\n    build: .\n    command: sh -c "redis-server --daemonize yes && sleep infinity"\n')
    dockerfile = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
    assert flagged(tmp_path, {"compose.yaml": compose, "Dockerfile": dockerfile}) == [("app/main.py", "DW101")]
    # that service listens there: it is the one to dial, not the Docker host
    result = run_check([tmp_path], Config(cache=False))
    (finding,) = result.active
    assert (finding.suggestion.host, finding.suggestion.port) == ("cache", 6379)


@pytest.mark.parametrize(("first", "expected"), [
    ("ollama serve &", []),
    ("ollama pull llama3", [("app/llm.py", "DW101")]),  # a client of a server elsewhere
])
def test_a_daemon_named_by_its_subcommand(tmp_path, first, expected):
    llm = 'import ollama\n\nclient = ollama.Client(host="http://localhost:11434")\n'
    files = {"Dockerfile": DOCKERFILE, "start.sh": _script(first), "app/llm.py": llm,
             "app/main.py": "from app import llm\n"}
    assert flagged(tmp_path, files) == expected
