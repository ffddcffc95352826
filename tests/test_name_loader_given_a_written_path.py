"""A name loader handed a dotted path written out in the code (``app.config.from_object(config)``
in ``def create_app(config="ctf.config.Config")``, the factory called with no argument, as a
CTF platform's gunicorn line ``ctf:create_app()`` does) loads the object that path names and
nothing else: a container whose environment is unknown (its image runs outside Compose) cannot
make it load the settings class kept for the test suite (``class TestingConfig(ServerConfig)``
with a loopback database), which nothing else names.  A path computed from the environment, or
a written path that names that class, keeps its address judged.  Nor does a plugin loader that
imports the submodules of one package by relative names (``importlib.import_module("." +
plugin, package="ctf.plugins")``, each name from the plugins directory) load that class: it
imports modules of that package only."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = """\
import os


class ServerConfig(object):
    SQLALCHEMY_DATABASE_URI = os.getenv("DATABASE_URL")


class TestingConfig(ServerConfig):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = "mysql+pymysql://ctf:ctf@127.0.0.1:3306/ctf"


Config = ServerConfig()
"""
FACTORY = """\
import os

from flask import Flask


def create_app(config={default}):
    app = Flask(__name__)
    app.config.from_object(config)
    return app
"""


PLUGINS = """\
import importlib
import os


def init_plugins(app):
    for plugin in sorted(os.listdir(os.path.dirname(__file__))):
        module = "." + plugin
        module = importlib.import_module(module, package="ctf.plugins")
        module.load(app)
"""


def _found(tmp_path: Path, default: str, call: str = "create_app()", plugins: str | None = None) -> list[tuple[str, str]]:
    factory = FACTORY.format(default=default)
    if plugins is not None:
        factory = factory.replace("    return app", "    from ctf.plugins import init_plugins\n"
                                  "    init_plugins(app)\n    return app")
    make(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /opt/ctf\nCOPY . .\n"
                      f"ENTRYPOINT [\"gunicorn\", \"ctf:{call}\", \"--bind\", \"0.0.0.0:8000\"]\n",
        "ctf/__init__.py": factory,
        "ctf/plugins/__init__.py": plugins or "",
        "ctf/config.py": SETTINGS,
    }, git=True)
    return sorted((f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_written_path_loads_only_what_it_names(tmp_path):
    assert _found(tmp_path, '"ctf.config.Config"') == []


def test_a_relative_plugin_import_loads_no_settings_class(tmp_path):
    assert _found(tmp_path, '"ctf.config.Config"', plugins=PLUGINS) == []


def test_recall_an_absolute_import_of_a_computed_name_may_load_it(tmp_path):
    absolute = PLUGINS.replace('module = "." + plugin', 'module = os.environ["CTF_PLUGIN"]') \
        .replace(', package="ctf.plugins"', "")
    assert _found(tmp_path, '"ctf.config.Config"', plugins=absolute) == [("DW101", "ctf/config.py")]


@pytest.mark.parametrize("default", ['os.environ.get("CTF_CONFIG", "ctf.config.Config")',
                                     '"ctf.config.TestingConfig"'])
def test_recall_a_path_from_the_environment_or_naming_the_class_loads_it(tmp_path, default):
    got = _found(tmp_path, default)
    assert got == [("DW101", "ctf/config.py")]
