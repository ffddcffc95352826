"""A script of the tree that runs a Compose file with ``--env-file F`` (``docker compose -f
docker-compose.prod.yml --env-file .env.live up``) interpolates it with F's variables, not with
the ``.env`` of its directory (Compose reads the one file the option names).  Where F is not in
the tree, its committed twin (``.env.live.example``) stands for it, as for a service's
``env_file``; where neither is, the variables F would set are unknown: the default of
``${UPSTREAM_URL:-http://host.docker.internal:8000}`` is no value the container is known to get.
A value the Compose file writes out keeps its finding, and so does the default where no
command gives the option."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """services:
  web:
    build: ../web
    environment:
      UPSTREAM_URL: ${UPSTREAM_URL:-http://host.docker.internal:8000}
      LEDGER_URL: http://host.docker.internal:9000
    command: ["python", "/srv/app.py"]
"""
APP = '''import os

import requests

requests.get(os.environ["UPSTREAM_URL"] + "/health")
requests.get(os.environ["LEDGER_URL"] + "/health")
'''
DOCKERFILE = "FROM python:3.12-slim\nRUN pip install requests\nCOPY app.py /srv/app.py\n"


def _found(tmp_path: Path, script: str | None, sample: str | None = None,
           dotenv: str | None = None) -> list[tuple[str, int, str]]:
    files = {"deploy/docker-compose.prod.yml": COMPOSE, "web/Dockerfile": DOCKERFILE, "web/app.py": APP}
    if script is not None:
        files["deploy/run.sh"] = f'#!/bin/sh\ncd "$(dirname "$0")"\n{script}\n'
    if sample is not None:
        files["deploy/.env.live.example"] = sample
    if dotenv is not None:
        files["deploy/.env"] = dotenv
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


LEDGER = ("deploy/docker-compose.prod.yml", 6, "DW106")
DEFAULT = ("deploy/docker-compose.prod.yml", 5, "DW106")
RUN = "docker compose -f docker-compose.prod.yml --env-file .env.live up -d"


def test_the_sample_of_the_env_file_gives_the_value(tmp_path):
    found = _found(tmp_path, RUN, sample="UPSTREAM_URL=http://127.0.0.1:8000\n")
    assert DEFAULT not in found and LEDGER in found
    assert [f for f in found if f[2] == "DW101"], found  # the sample's loopback address, dialled


def test_an_env_file_nowhere_in_the_tree_leaves_the_variable_unknown(tmp_path):
    assert _found(tmp_path, RUN) == [LEDGER]


def test_the_option_replaces_the_directorys_dotenv(tmp_path):
    # the .env beside the file (a loopback address) is not read; the option's file is absent
    assert _found(tmp_path, RUN, dotenv="UPSTREAM_URL=http://127.0.0.1:8000\n") == [LEDGER]


def test_without_the_option_the_default_is_the_value(tmp_path):
    assert _found(tmp_path, "docker compose -f docker-compose.prod.yml up -d") == [DEFAULT, LEDGER]
    assert _found(tmp_path, None) == [DEFAULT, LEDGER]
