"""A port variable that only Compose reads, to publish a service's port on the host
(``ports: ["${CACHE_PORT:-6380}:6379"]``), written in the shared ``.env`` beside the host
variable the code dials: where the container holds the whole tree (``.:/app``), the layout's
own files (the Compose file interpolating it, the ``.env`` and its committed ``.env.example``)
name it, but they are read by Compose and the operator, not by the container's program.  The
code dials the host at its own port, so the host-side port written beside it is no DW103.
Where the code reads the port variable, the finding stays."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  worker:
    build: .
    command: python worker.py
    env_file: .env
    volumes:
      - .:/app
  cache:
    image: redis:7
    ports:
      - "${CACHE_PORT:-6380}:6379"
"""
ENV = "CACHE_HOST=cache\nCACHE_PORT=6380\n"
OWN_PORT = """\
import os
import redis

r = redis.Redis(host=os.environ["CACHE_HOST"], port=6379)
r.ping()
"""
READS_PORT = """\
import os
import redis

r = redis.Redis(host=os.environ["CACHE_HOST"], port=int(os.environ["CACHE_PORT"]))
r.ping()
"""


def _codes(tmp_path: Path, worker: str, *, sample: bool) -> list[tuple[str, str]]:
    files = {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install redis\n",
        ".env": ENV,
        "worker.py": worker,
    }
    if sample:
        files[".env.example"] = ENV
    make(tmp_path, files, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.code) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("sample", [False, True])
def test_a_port_only_compose_interpolates_is_not_dialled(tmp_path, sample):
    assert _codes(tmp_path, OWN_PORT, sample=sample) == []


def test_a_port_the_code_reads_keeps_its_finding(tmp_path):
    assert _codes(tmp_path, READS_PORT, sample=True) == [(".env", "DW103")]


FRONTEND = """\
  frontend:
    build: ./web
    env_file: .env
"""


@pytest.mark.parametrize("web", ["console.log('ready')\n", "const port = process.env.CACHE_PORT\nconsole.log(port + 1)\n"])
def test_a_service_that_reads_neither_variable_has_no_say(tmp_path, web):
    # a Node frontend handed the same .env: it names neither variable (first case), so the
    # worker alone decides; where it names the port (second case), the port may be read there
    make(tmp_path, {
        "compose.yaml": COMPOSE.replace("  cache:\n", FRONTEND + "  cache:\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install redis\n",
        "web/Dockerfile": "FROM node:20-alpine\nWORKDIR /srv\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
        "web/server.js": web,
        ".env": ENV,
        "worker.py": OWN_PORT,
    }, git=True)
    codes = [f.code for f in run_check([tmp_path], Config(cache=False)).active]
    assert codes == ([] if "CACHE_PORT" not in web else ["DW103"])


def test_a_database_image_handed_the_same_env_file_has_no_say(tmp_path):
    # the stack's .env handed to a database image too: postgres reads only its own variables
    make(tmp_path, {
        "compose.yaml": COMPOSE + "  db:\n    image: postgres:16\n    env_file: .env\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install redis\n",
        ".env": ENV,
        "worker.py": OWN_PORT,
    }, git=True)
    assert [f.code for f in run_check([tmp_path], Config(cache=False)).active] == []
