"""An environment gate may name its variable by a constant another module binds
(``from app.names import USER_VAR``; ``if os.getenv(USER_VAR):``): the branch is decided by
that variable as if it were written out, and a default inside it that the service's
environment never reaches is not a finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
NAMES = 'USER_VAR = "STORE_USER"\n'
DB = '''\
import os

from sqlalchemy import create_engine

from app.names import USER_VAR


def url():
    if os.getenv(USER_VAR):
        return f"postgresql://{os.getenv(USER_VAR)}@127.0.0.1:5432/app"
    return "sqlite:///app.db"


engine = create_engine(url())
'''


def flagged(tmp_path: Path, environment: str) -> list[tuple[str, int, str]]:
    compose = f"services:\n  web:\n    build: .\n    command: python -m app.db\n{environment}"
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/names.py": NAMES, "app/db.py": DB}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_branch_on_an_unset_variable_named_by_an_imported_constant_never_runs(tmp_path):
    assert flagged(tmp_path, "") == []


def test_the_branch_runs_where_the_service_sets_it(tmp_path):
    assert flagged(tmp_path, "    environment:\n      STORE_USER: app\n") == [("app/db.py", 10, "DW101")]
