"""An application that loads the ``.env`` of its Compose project's directory itself
(``load_dotenv()`` from code bind-mounted or copied from there), where that file is not in the
checkout: a variable a Compose file of that project interpolates without a value or default
(``${QUEUE_HOST}``) is one the operator writes there, since Compose reads the same file.  The
default the code gives that variable does not run (``flow/appdotenv.py``).  A variable the
Compose files never interpolate, or only with a default of their own, is judged as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: python svc/run.py
    volumes:
      - .:/opt/code
  probe:
    image: busybox:1.36
    command: ["sh", "-c", "echo $$QUEUE_HOST"]
    environment:
      QUEUE_HOST: {value}
  queue:
    image: redis:7
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /opt/code\nCOPY . .\n"
APP = """\
import os

import redis
from dotenv import load_dotenv

{load}
jobs = redis.Redis(host=os.getenv("QUEUE_HOST", "localhost"), port=6379)
store = redis.Redis.from_url(os.getenv("STORE_URL", "redis://localhost:6379/1"))
"""


def _findings(tmp_path: Path, value: str, load: str = "load_dotenv()") -> list[tuple[str, int]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(value=value), "Dockerfile": DOCKERFILE,
                    "svc/run.py": APP.format(load=load)}, git=True)
    return sorted((f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_variable_the_compose_file_interpolates_is_set_by_the_project_env(tmp_path):
    # QUEUE_HOST comes from the project's .env, which the app loads too; STORE_URL stays judged
    assert _findings(tmp_path, "${QUEUE_HOST}") == [("DW101", 8)]


def test_the_bare_dollar_form_counts_as_well(tmp_path):
    assert _findings(tmp_path, "$QUEUE_HOST") == [("DW101", 8)]


def test_an_interpolation_with_its_own_default_is_no_evidence(tmp_path):
    assert _findings(tmp_path, "${QUEUE_HOST:-queue}") == [("DW101", 7), ("DW101", 8)]


def test_an_app_that_loads_no_dotenv_keeps_the_default_judged(tmp_path):
    assert _findings(tmp_path, "${QUEUE_HOST}", load="") == [("DW101", 7), ("DW101", 8)]


def test_a_committed_project_env_is_read_as_it_is(tmp_path):
    # the file is in the tree: what it sets decides, not the interpolation
    make(tmp_path, {".env": "OTHER=1\n"})
    assert _findings(tmp_path, "${QUEUE_HOST}") == [("DW101", 7), ("DW101", 8)]


def test_an_interpolation_added_after_a_cached_run_is_seen_by_the_next_one(tmp_path):
    # a top-level extension field: no service's own definition changes with it
    compose = COMPOSE.format(value="queue")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "svc/run.py": APP.format(load="load_dotenv()")},
         git=True)
    assert sorted(f.span.line for f in run_check([tmp_path], Config()).active) == [7, 8]
    (tmp_path / "compose.yaml").write_text('x-settings:\n  queue: "${QUEUE_HOST}"\n' + compose)
    assert sorted(f.span.line for f in run_check([tmp_path], Config()).active) == [8]
