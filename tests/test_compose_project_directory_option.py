"""A script of the tree that runs a Compose file kept in a subdirectory with ``docker compose
--project-directory . -f ops/compose/compose.yaml up`` makes Compose resolve that file's
relative paths from the given directory, not from the file's own: ``build: .`` is the root's
build context and ``.env`` the root's.  The file is judged as that command loads it (its
service runs the root's code, which dials the variable), and not as a project of its own
directory, whose build context holds no Dockerfile at all."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """services:
  web:
    build: .
    environment:
      LEDGER_URL: http://localhost:9100
    command: ["python", "/srv/app.py"]
  ledger:
    image: example/ledger:1
    expose:
      - "9100"
"""
APP = '''import os

import requests

requests.get(os.environ["LEDGER_URL"] + "/ping")
'''
DOCKERFILE = "FROM python:3.12-slim\nRUN pip install requests\nCOPY app.py /srv/app.py\n"


def _found(tmp_path: Path, script: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {"ops/compose/compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app.py": APP,
                    "bin/up.sh": f"#!/bin/sh\n{script}\n"}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_the_project_directory_option_roots_the_file_there(tmp_path):
    found = _found(tmp_path, "docker compose --project-directory . -f ops/compose/compose.yaml up -d")
    assert found == [("ops/compose/compose.yaml", 5, "DW101")]


def test_the_option_with_an_equals_sign(tmp_path):
    found = _found(tmp_path, "docker compose -f ops/compose/compose.yaml --project-directory=. up -d")
    assert found == [("ops/compose/compose.yaml", 5, "DW101")]


def test_without_the_option_the_files_directory_is_the_project(tmp_path):
    # `build: .` is ops/compose, which holds no Dockerfile: nothing known runs there
    assert _found(tmp_path, "docker compose -f ops/compose/compose.yaml up -d") == []


def test_a_project_directory_not_known_changes_nothing(tmp_path):
    assert _found(tmp_path, 'docker compose --project-directory "$APP_DIR" -f ops/compose/compose.yaml up') == []
