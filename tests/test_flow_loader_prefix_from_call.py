"""A configuration loader built with the project's own prefix: invenio-config's
``create_config_loader(config=settings, env_prefix="LIB")`` sets every setting ``KEY`` from the
variable ``LIB_KEY`` after loading the module, so a service whose environment sets
``LIB_SQLALCHEMY_DATABASE_URI`` never dials the module's value.  The prefix is read from the
call (a string, or a module-level name bound once to one; the library's default ``APP`` where
the call gives none); a loader the container's code never builds reads no prefix."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: gunicorn --bind 0.0.0.0:8000 stacks.wsgi:app
    environment:
{extra}      TZ: UTC
  pg:
    image: postgres:16
"""

SETTINGS = 'SQLALCHEMY_DATABASE_URI = "postgresql://lib:pw@localhost:5432/lib"\n'

FACTORY = """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from invenio_config import create_config_loader

from stacks import settings

{prefix_line}

def make_app():
    app = Flask(__name__)
    loader = create_config_loader({args})
    loader(app)
    SQLAlchemy(app)
    return app
"""

WSGI = "from stacks.factory import make_app\n\napp = make_app()\n"


def _findings(tmp_path: Path, extra: str, args: str, prefix_line: str = "", builds: bool = True) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(extra=extra),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "stacks/__init__.py": "",
        "stacks/settings.py": SETTINGS,
        "stacks/factory.py": FACTORY.format(args=args, prefix_line=prefix_line),
        "stacks/wsgi.py": WSGI if builds else "from flask import Flask\nfrom stacks import settings\n\n"
                                               "app = Flask(__name__)\napp.config.from_object(settings)\n",
    }, git=True)
    return [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).findings]


URI = "      {name}: postgresql://lib:pw@pg/lib\n"


@pytest.mark.parametrize("extra, args, prefix_line", [
    (URI.format(name="LIB_SQLALCHEMY_DATABASE_URI"), 'config=settings, env_prefix="LIB"', ""),
    (URI.format(name="LIB_SQLALCHEMY_DATABASE_URI"), "settings, PREFIX", 'PREFIX = "LIB"'),
    (URI.format(name="LIB_SQLALCHEMY_DATABASE_URI"), "config=settings, env_prefix=PREFIX", 'PREFIX = "LIB"'),
    (URI.format(name="APP_SQLALCHEMY_DATABASE_URI"), "config=settings", ""),  # the library's default
])
def test_a_setting_the_loaders_prefixed_variable_replaces_is_not_dialled(tmp_path, extra, args, prefix_line):
    assert _findings(tmp_path, extra, args, prefix_line) == []


@pytest.mark.parametrize("extra, args", [
    ("", 'config=settings, env_prefix="LIB"'),
    ("      LIB_SQLALCHEMY_DATABASE_URI: ''\n", 'config=settings, env_prefix="LIB"'),  # empty: kept
    (URI.format(name="APP_SQLALCHEMY_DATABASE_URI"), 'config=settings, env_prefix="LIB"'),  # another prefix
    (URI.format(name="LIB_SQLALCHEMY_DATABASE_URI"), "config=settings, **OPTIONS"),  # prefix not readable
    (URI.format(name="LIB_SQLALCHEMY_DATABASE_URI"), "config=settings, env_prefix=make_prefix()"),
])
def test_otherwise_the_module_value_is_dialled(tmp_path, extra, args):
    prefix_line = "OPTIONS = {}\n\ndef make_prefix():\n    return 'LIB'\n"
    assert _findings(tmp_path, extra, args, prefix_line) == [("DW101", "stacks/settings.py")]


def test_a_loader_the_container_never_builds_reads_no_prefix(tmp_path):
    extra = URI.format(name="LIB_SQLALCHEMY_DATABASE_URI")
    assert _findings(tmp_path, extra, 'config=settings, env_prefix="LIB"', builds=False) == [
        ("DW101", "stacks/settings.py")]
