"""Settings picked by an environment variable equal to a value naming a CI run
(``if os.environ.get("STAGE") == "CI":``) are a CI job's: its database is the job's service
container on localhost.  In a container whose environment is unknown (its env_file is not in
the tree) that branch is not the deployment's, so its loopback is no finding; a Compose
service that sets the value runs it, and a branch on another value stays judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = """\
import os

import psycopg2

if os.environ.get("STAGE") {op} "{value}":
    DB_HOST = "localhost"
else:
    DB_HOST = os.environ["DB_HOST"]

conn = psycopg2.connect(host=DB_HOST, dbname="board")
"""
COMPOSE = """\
services:
  board:
    build: .
    command: python settings.py
{env}
  db:
    image: postgres:16
"""


def _codes(tmp_path: Path, env: str, value: str = "CI", op: str = "==") -> list[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(env=env),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "settings.py": SETTINGS.format(op=op, value=value),
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


UNKNOWN = "    env_file: .env.local"  # not in the tree: its variables are unknown


@pytest.mark.parametrize("value", ["CI", "ci"])
def test_a_ci_branch_is_not_run_where_the_environment_is_unknown(tmp_path, value):
    assert _codes(tmp_path, UNKNOWN, value) == []


def test_a_service_that_sets_the_ci_value_runs_the_branch(tmp_path):
    assert _codes(tmp_path, "    environment:\n      STAGE: CI\n      DB_HOST: db") == ["DW101"]


@pytest.mark.parametrize("value, op", [("development", "=="), ("CI", "!=")])
def test_other_branches_stay_judged_where_the_environment_is_unknown(tmp_path, value, op):
    assert _codes(tmp_path, UNKNOWN, value, op) == ["DW101"]
