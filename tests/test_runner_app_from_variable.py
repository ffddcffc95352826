"""A task runner's application given as a whole variable (``celery -A $JOBS_MODULE worker`` in a
start script) is the module the service's environment names: the shell expands it before the
runner reads it.  Where the service gives the variable no value, nothing is known of the
module, and the container is judged as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  jobs:
    build: .
    command: ./start-jobs.sh
{extra}  broker:
    image: redis:7
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
SCRIPT = "#!/bin/sh\ncelery -A $JOBS_MODULE worker --loglevel=info\n"
BROKEN = """\
from celery import Celery

queue = Celery("jobs", broker="redis://localhost:6379/0")


@queue.task
def ping():
    return "pong"
"""
FINE = BROKEN.replace("localhost", "broker")


def _findings(tmp_path: Path, extra: str, files: dict[str, str] | None = None) -> list[tuple[str, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(extra=extra), "Dockerfile": DOCKERFILE,
                    "start-jobs.sh": SCRIPT, "pipeline.py": BROKEN, "other.py": FINE, **(files or {})}, git=True)
    return sorted((f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_module_the_environment_names_runs(tmp_path):
    extra = "    environment:\n      JOBS_MODULE: pipeline\n"
    assert _findings(tmp_path, extra) == [("DW101", "pipeline.py")]


def test_the_module_an_env_file_names_runs(tmp_path):
    extra = "    env_file: ./jobs.env\n"
    assert _findings(tmp_path, extra, {"jobs.env": "JOBS_MODULE=pipeline\n"}) == [("DW101", "pipeline.py")]


def test_another_module_named_leaves_the_broken_one_out(tmp_path):
    extra = "    environment:\n      JOBS_MODULE: other\n"
    assert _findings(tmp_path, extra) == []


def test_a_variable_nothing_sets_names_nothing(tmp_path):
    assert _findings(tmp_path, "") == []
