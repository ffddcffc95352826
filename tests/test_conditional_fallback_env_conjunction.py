"""A fallback in the else branch of ``A if user and password else FALLBACK``, where each term
is read from the environment, runs only where one of them is unset or empty: in a service
that sets them all it is dead, as the fallback of ``A if user else FALLBACK`` is.  Where
the service leaves one of them out, the fallback is what the container dials."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
APP = '''\
import os

from pymongo import MongoClient

login = os.environ.get("LEDGER_LOGIN")
secret = os.environ.get("LEDGER_SECRET")
server = os.environ.get("LEDGER_SERVER", "docs")
uri = f"mongodb://{login}:{secret}@{server}:27017/" if login and secret else "mongodb://localhost:27017/"
client = MongoClient(uri)
'''
INLINE = '''\
import os

from pymongo import MongoClient

uri = "mongodb://docs:27017/" if os.environ.get("LEDGER_LOGIN") and os.environ.get("LEDGER_SECRET") \\
    else "mongodb://127.0.0.1:27017/"
client = MongoClient(uri)
'''


def flagged(tmp_path: Path, env: str, app: str = APP) -> list[tuple[str, int, str]]:
    compose = ("services:\n  ledger:\n    build: .\n    command: python app.py\n"
               f"    environment:\n{env}      LEDGER_SERVER: docs\n"
               "  docs:\n    image: mongo:7\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "app.py": app}, git=True)
    res = run_check([tmp_path], Config(cache=False))
    return [(f.span.path, f.span.line, f.code) for f in res.active]


BOTH = "      LEDGER_LOGIN: clerk\n      LEDGER_SECRET: hunter2\n"


def test_fallback_of_a_conjunction_the_service_sets_is_dead(tmp_path):
    assert flagged(tmp_path, BOTH) == []


def test_fallback_of_an_inline_conjunction_the_service_sets_is_dead(tmp_path):
    assert flagged(tmp_path, BOTH, INLINE) == []


def test_fallback_where_one_term_is_unset_is_reported(tmp_path):
    # recall guard: without the secret the else branch runs and dials the container itself
    assert flagged(tmp_path, "      LEDGER_LOGIN: clerk\n") == [("app.py", 8, "DW101")]
