"""A class of plain settings fields is a config object an app loads by name
(``app.config.from_object(os.getenv("X") or "pkg.settings.Default")``): defining it sets
nothing anyone reads.  Its loopback defaults count for a service only where something that
service runs names the class (code, the start command, its environment)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

COMPOSE = """\
services:
  portal:
    build: .
    command: gunicorn --bind :8000 portal.app:server
    environment:
      CACHE_URL: redis://cache:6379/0
{extra}  cache:
    image: redis:7
  store:
    image: postgres:16
"""

SETTINGS = """\
import os


class Default:
    CACHE_URL = os.environ.get("CACHE_URL", "redis://localhost:6379/0")


class Relational(Default):
    SQLALCHEMY_DATABASE_URI = os.environ.get("STORE_DSN", "postgresql://app:pw@127.0.0.1:5432/portal")
"""

APP = """\
import os

from flask import Flask

server = Flask(__name__)
server.config.from_object(os.getenv("PORTAL_SETTINGS") or "portal.settings.Default")
{extra}"""


def _codes(tmp_path: Path, env: str = "", app: str = "", settings: str = SETTINGS) -> list[str]:
    (tmp_path / "compose.yaml").write_text(COMPOSE.format(extra=env))
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n")
    pkg = tmp_path / "portal"
    pkg.mkdir()
    for name, text in {"__init__": "", "settings": settings, "app": APP.format(extra=app)}.items():
        (pkg / f"{name}.py").write_text(text)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).findings]


def test_a_settings_class_nothing_names_is_never_loaded(tmp_path):
    assert _codes(tmp_path) == []


@pytest.mark.parametrize("env, app", [
    ("      PORTAL_SETTINGS: portal.settings.Relational\n", ""),  # the environment picks it
    ("", 'LEGACY = "portal.settings.Relational"\n'),  # the code names it
])
def test_a_settings_class_the_service_names_is_loaded(tmp_path, env, app):
    assert _codes(tmp_path, env, app) == ["DW101"]


def test_a_class_with_methods_may_be_run_unnamed(tmp_path):
    # a framework may find and run a class with behaviour (a plugin, a job) by itself: one of
    # its own bases, or a metaclass, lets it
    settings = "from plugins import Plugin\n" + SETTINGS.replace("class Relational(Default):", "class Relational(Default, Plugin):") \
        + "\n    def describe(self):\n        return self.SQLALCHEMY_DATABASE_URI\n"
    assert _codes(tmp_path, settings=settings) == ["DW101"]


def test_a_class_with_methods_of_its_module_s_lineage_is_loaded_by_name_only(tmp_path):
    # no base from elsewhere, no decorator or metaclass: only code naming it builds or loads it
    # (astfacts.closed_class), like the methods of such a class
    settings = SETTINGS + "\n    def describe(self):\n        return self.SQLALCHEMY_DATABASE_URI\n"
    for sub in "abc":
        (tmp_path / sub).mkdir()
    assert _codes(tmp_path / "a", settings=settings) == []
    assert _codes(tmp_path / "b", "      PORTAL_SETTINGS: portal.settings.Relational\n", settings=settings) == ["DW101"]
    # code that walks the classes it finds may load it unnamed
    assert _codes(tmp_path / "c", app="import inspect\nFOUND = inspect.getmembers(server)\n", settings=settings) == ["DW101"]


@pytest.mark.parametrize("pick", ['f"portal.settings.{os.getenv(\'PROFILE\', \'Cloud\')}Profile"',
                                  '"portal.settings.%sProfile" % os.getenv("PROFILE", "Cloud")'])
def test_a_settings_class_named_by_a_template_may_be_loaded(tmp_path, pick):
    settings = ('import os\n\n\nclass CloudProfile:\n'
                '    SQLALCHEMY_DATABASE_URI = os.environ.get("STORE_DSN", "postgresql://app:pw@127.0.0.1:5432/portal")\n')
    app = f"server.config.from_object({pick})\n"
    assert _codes(tmp_path, app=app, settings=settings) == ["DW101"]
