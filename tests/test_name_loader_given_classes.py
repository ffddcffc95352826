"""A container whose environment is unknown (its ``env_file`` is not in the tree) may name any
settings class for a name loader to load (``app.config.from_object(os.environ["CFG"])``).  A
loader handed a class object loads only that class: an app factory's parameter whose default
and every call's argument are classes of the project lets the environment name nothing, so a
settings class nothing names (one kept for running on a laptop) is not read there.  A factory
handed an environment read, a loader given a string, or a call that names the class keep the
class's address judged (flow/nameloads.py); a dotted path written out names what it loads (tests/test_name_loader_given_a_written_path.py)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = """\
class AppConfig:
    DEBUG = False
    SQLALCHEMY_DATABASE_URI = "postgresql://shop:pw@ledgerdb:5432/shop"


class LaptopConfig(AppConfig):
    SQLALCHEMY_DATABASE_URI = "postgresql://shop:pw@localhost:6543/shop"
"""

FACTORY = """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

from settings import AppConfig

db = SQLAlchemy()


def build_app(config_class=AppConfig):
    app = Flask(__name__)
    app.config.from_object(config_class)
    db.init_app(app)
    return app
"""

COMPOSE = """\
services:
  ledgerdb:
    image: postgres:16
    ports:
      - "6543:5432"
  web:
    build: .
    command: gunicorn -b 0.0.0.0:8000 serve:app
    env_file: ./deploy/web.env
"""


def _found(tmp_path: Path, serve: str, worker: str | None = None) -> list[tuple[str, str, int]]:
    files = {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "settings.py": SETTINGS,
        "factory.py": FACTORY,
        "serve.py": serve,
    }
    if worker is not None:
        files["jobs.py"] = worker
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.code, f.span.path, f.span.line) for f in result.active)


def test_a_factory_given_only_classes_loads_no_name_from_the_environment(tmp_path):
    serve = "from factory import build_app\nfrom settings import AppConfig\n\napp = build_app()\n"
    worker = "from factory import build_app\nfrom settings import AppConfig\n\napp = build_app(AppConfig)\n"
    assert _found(tmp_path, serve + "import jobs  # noqa\n", worker) == []


def test_a_loader_given_the_class_itself_loads_no_name_either(tmp_path):
    serve = ("from flask import Flask\nfrom factory import db\nfrom settings import AppConfig\n\n"
             "app = Flask(__name__)\napp.config.from_object(AppConfig)\ndb.init_app(app)\n")
    assert _found(tmp_path, serve) == []


def test_a_factory_given_an_environment_read_may_load_the_laptop_class(tmp_path):
    serve = "import os\n\nfrom factory import build_app\n\napp = build_app(os.environ.get('SETTINGS_CLASS'))\n"
    assert _found(tmp_path, serve) == [("DW101", "settings.py", 7)]


def test_a_factory_given_the_laptop_class_by_a_call_reads_it(tmp_path):
    serve = "from factory import build_app\nfrom settings import LaptopConfig\n\napp = build_app(LaptopConfig)\n"
    assert _found(tmp_path, serve) == [("DW101", "settings.py", 7)]
