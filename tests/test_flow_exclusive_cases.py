"""A local name bound in each arm of an ``if`` (``if local: dsn = "...localhost..." else: dsn =
"...db..."``) holds one value per case, not a default that a later statement replaces: the
loopback arm is dialled where a call takes it.  It was read as a default the function
replaces, an operator's value, and never judged.  A default bound before the ``if`` that the
``if`` replaces stays an operator's default; an arm no call takes stays dead."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = "services:\n  web:\n    build: .\n    command: python app.py\n  db:\n    image: postgres:16\n"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
CASES = """\
import psycopg2


def connect(local=False):
    if local:
        dsn = "postgresql://app@localhost:5432/app"
    else:
        dsn = "postgresql://app@db:5432/app"
    return psycopg2.connect(dsn)


conn = connect({args})
"""
REPLACED = """\
import os

import psycopg2


def connect():
    dsn = "postgresql://app@localhost:5432/app"
    if os.path.exists("/etc/app/dsn"):
        dsn = open("/etc/app/dsn").read().strip()
    return psycopg2.connect(dsn)


conn = connect()
"""


def _found(tmp_path: Path, app: str) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app.py": app}, git=True)
    return [(f.code, f.span.line, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_loopback_arm_a_call_takes_is_dialled(tmp_path):
    assert _found(tmp_path, CASES.format(args="local=True")) == [("DW101", 6, "db")]


def test_an_arm_no_call_takes_stays_dead(tmp_path):
    assert _found(tmp_path, CASES.format(args="")) == []


def test_a_default_the_function_replaces_stays_an_operators_default(tmp_path):
    assert _found(tmp_path, REPLACED) == []
