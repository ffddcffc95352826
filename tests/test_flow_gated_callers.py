"""A function handed on only in a branch the service's environment turns off is not run
there: ``elif DB_URL == "impersonate": create_engine(..., creator=_connect)`` names
``_connect`` only where DB_URL is "impersonate".  A private module function (``__connect``,
not a dunder such as a module's ``__getattr__``) runs only where it is named, like any other."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DB = '''import os

import pymysql
from sqlalchemy import create_engine

DB_URL = os.environ.get("DB_URL")


def {name}():
    return pymysql.connect(host="127.0.0.1", port=3306, user="app")


def make_engine():
    if DB_URL == "impersonate":
        return create_engine("mysql+pymysql://", creator={name})
    return create_engine(DB_URL)


engine = make_engine()
'''


def findings(tmp_path, name: str, db_url: str) -> list[int]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    build: .\n    environment:\n      DB_URL: {db_url}\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"-m\", \"app.db\"]\n",
        "app/__init__.py": "",
        "app/db.py": DB.replace("{name}", name),
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("name", ["_connect_impersonated", "__connect_impersonated"])
def test_a_callback_named_only_in_a_branch_turned_off_does_not_run(tmp_path, name):
    assert findings(tmp_path, name, "sqlite:////state/db.sqlite3") == []


@pytest.mark.parametrize("name", ["_connect_impersonated", "__connect_impersonated"])
def test_the_branch_turned_on_names_it(tmp_path, name):
    assert findings(tmp_path, name, "impersonate") == [10]
