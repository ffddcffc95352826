"""A project helper that reads the environment by one parameter and returns another when the
variable is unset (``def setting(key, fallback=None)``) makes its second argument the
variable's default: where the service sets the variable (or its env file is unknown), the
default never runs."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = '''import os

import psycopg


def setting(key, fallback=None):
    found = os.environ.get(key)
    if found is None:
        return fallback
    return found


conn = psycopg.connect(setting("LEDGER_DSN", "postgresql://127.0.0.1:5432/ledger"))
'''


def lines(tmp_path, environment: str) -> list[int]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  ledger:\n    build: .\n{environment}  pg:\n    image: postgres:16\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "app.py"]\n',
        "app.py": APP,
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_default_of_a_helper_the_service_sets_never_runs(tmp_path):
    assert lines(tmp_path, "    environment:\n      LEDGER_DSN: postgresql://pg:5432/ledger\n") == []


def test_the_default_of_a_helper_the_service_does_not_set_is_dialled(tmp_path):
    assert lines(tmp_path, "") == [13]
