"""A committed twin of an env file (``.env.example`` beside the ``.env`` Compose reads) is the
layout's, like the ``.env`` itself: it sets variables for the operator to copy and reads none.
A Node frontend that holds the whole tree (``.:/srv``) and is handed the stack's ``.env``
holds that twin too; its naming a Python worker's broker URL is no sign that the frontend's
program reads it.  Where a file the frontend runs names the variable, the finding stays."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  worker:
    build: ./worker
    command: celery -A tasks worker
    env_file: .env
    environment:
      CELERY_BROKER_URL: redis://queue:6379/0
  frontend:
    build: ./web
    env_file: .env
    volumes:
      - .:/srv
  queue:
    image: redis:7
"""
ENV = "CELERY_BROKER_URL=redis://localhost:6379/0\n"


def _findings(tmp_path: Path, server: str) -> list[tuple[str, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        ".env": ENV,
        ".env.example": ENV,
        "worker/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install celery redis\n",
        "worker/tasks.py": "import os\nfrom celery import Celery\n\napp = Celery('tasks', broker=os.environ['CELERY_BROKER_URL'])\n",
        "web/Dockerfile": "FROM node:20-alpine\nWORKDIR /srv\nCOPY . .\nCMD [\"node\", \"web/server.js\"]\n",
        "web/server.js": server,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_twin_naming_the_variable_is_no_reader(tmp_path):
    assert _findings(tmp_path, "console.log('ready')\n") == []


def test_a_script_naming_the_variable_keeps_the_finding(tmp_path):
    server = "const broker = process.env.CELERY_BROKER_URL\nfetch(broker)\n"
    assert _findings(tmp_path, server) == [(".env", "DW101", ("frontend",))]
