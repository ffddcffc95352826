"""A configuration loader that sets any setting ``KEY`` from the variable ``PREFIX + KEY``
(Invenio's ``InvenioConfigEnvironment``: ``INVENIO_SQLALCHEMY_DATABASE_URI`` becomes
``app.config["SQLALCHEMY_DATABASE_URI"]``, over the config module's value).  A service whose
environment sets that variable never dials the module's value; an empty one keeps it."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  backend:
    build: .
    command: gunicorn --bind 0.0.0.0:5000 shelf.app:app
    environment:
{extra}      SECRET: x
  db:
    image: postgres:16
"""

CONFIG = 'SQLALCHEMY_DATABASE_URI = "postgresql://ils:psw@localhost:5432/ils"\n'

APP = """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

from shelf import config

app = Flask(__name__)
app.config.from_object(config)
db = SQLAlchemy(app)
"""


def _findings(tmp_path: Path, extra: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(extra=extra),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "shelf/__init__.py": "",
        "shelf/config.py": CONFIG,
        "shelf/app.py": APP,
    }, git=True)
    return [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).findings]


def test_a_setting_its_prefixed_variable_replaces_is_not_dialled(tmp_path):
    assert _findings(tmp_path, "      INVENIO_SQLALCHEMY_DATABASE_URI: postgresql://ils:psw@db/ils\n") == []


@pytest.mark.parametrize("extra", [
    "",
    "      INVENIO_SQLALCHEMY_DATABASE_URI: ''\n",  # empty: the loader keeps the module's value
    "      INVENIO_SQLALCHEMY_ECHO: 'True'\n",  # another setting
    "      SHELF_SQLALCHEMY_DATABASE_URI: postgresql://ils:psw@db/ils\n",  # a prefix no loader reads
])
def test_otherwise_the_module_value_is_dialled(tmp_path, extra):
    assert _findings(tmp_path, extra) == [("DW101", "shelf/config.py")]
