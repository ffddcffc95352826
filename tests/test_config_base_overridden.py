"""A field of a configuration base class that every class the container may load sets again
is never read there (``class Config: CELERY_BROKER_URL = "redis://localhost:6379/0"``,
``class ProductionConfig(Config): CELERY_BROKER_URL = "redis://redis:6379/0"``, the container
loading only ``ProductionConfig``): the subclass statement names the base, but reads the
base's field only where the subclass is loaded and does not set the field again.  The base
read directly (a mapping entry, ``from_object(Config)``), a subclass that keeps the field, an
unknown key or code that walks the classes keep the finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def _compose(env: str) -> str:
    return f"""\
services:
  web:
    build: .
    command: gunicorn wsgi:app -b 0.0.0.0:8000
    environment:
{env}      OTHER: "1"
  redis:
    image: redis:7
"""


BASE = """\
import os


class Config:
    DEBUG = False
    CELERY_BROKER_URL = "redis://localhost:6379/0"
{hook}

class DevelopmentConfig(Config):
    DEBUG = True


class StagingConfig(Config):
    CELERY_BROKER_URL = "redis://redis:6379/0"


class ProductionConfig({prod_base}):
    DEBUG = False
{prod_body}

config = {{
    "development": DevelopmentConfig,
    "staging": StagingConfig,
    "production": ProductionConfig,
    "default": DevelopmentConfig,
}}
"""
OVERRIDE = '    CELERY_BROKER_URL = "redis://redis:6379/0"\n'
HOOK = "\n    @staticmethod\n    def init_app(app):\n        pass\n"
FACTORY = """\
import os

from celery import Celery
from flask import Flask

from .config import config


def create_app():
    app = Flask(__name__)
    app.config.from_object(config[os.getenv("APP_ENVIRONMENT", "default")])
    celery = Celery(__name__)
    celery.conf.update(app.config)
    return app
"""
WSGI = "from app import create_app\n\napp = create_app()\n"
BASE_LINE = [("DW101", "app/config.py", 6)]
# the project defines a task: a worker started by hand from the image dials the app's broker
TASKS = "from celery import shared_task\n\n\n@shared_task\ndef ping():\n    return 1\n"


def _findings(tmp_path: Path, env: str, hook: str = "", prod_base: str = "Config", prod_body: str = OVERRIDE,
              factory: str = FACTORY) -> list[tuple[str, str, int]]:
    config = BASE.format(hook=hook, prod_base=prod_base, prod_body=prod_body)
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": _compose(env), "app/config.py": config,
                    "app/__init__.py": factory, "wsgi.py": WSGI, "app/tasks.py": TASKS}, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active
            if f.span.path == "app/config.py"]


def test_the_loaded_subclass_sets_the_field_again(tmp_path):
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n") == []


def test_a_class_with_a_hook_alike(tmp_path):
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", hook=HOOK) == []


def test_a_class_between_sets_it(tmp_path):
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", prod_base="StagingConfig", prod_body="") == []
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", prod_base="StagingConfig", prod_body="",
                     hook=HOOK) == []


def test_the_loaded_subclass_keeps_the_field(tmp_path):
    assert _findings(tmp_path, "      APP_ENVIRONMENT: development\n") == BASE_LINE
    assert _findings(tmp_path, "      APP_ENVIRONMENT: development\n", hook=HOOK) == BASE_LINE
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", prod_body="") == BASE_LINE
    # a subclass with a base from elsewhere may be found by a framework unnamed
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", prod_base="Config, framework.Base") == BASE_LINE


def test_the_default_key_where_the_variable_is_unset(tmp_path):
    assert _findings(tmp_path, "") == BASE_LINE


def test_the_base_read_directly(tmp_path):
    factory = FACTORY + "\n\nfrom .config import Config\n\nBROKER = Config.CELERY_BROKER_URL\n"
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", factory=factory) == BASE_LINE
    factory = FACTORY.replace('config[os.getenv("APP_ENVIRONMENT", "default")]', '"app.config.Config"')
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", factory=factory) == BASE_LINE


def test_an_unknown_key_or_a_class_walk_keeps_it(tmp_path):
    factory = FACTORY.replace('os.getenv("APP_ENVIRONMENT", "default")', "sys.argv[-1]").replace("import os", "import sys")
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", factory=factory) == BASE_LINE
    factory = FACTORY + "\n\nfrom .config import Config\n\nALL = Config.__subclasses__()\n"
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", factory=factory) == BASE_LINE


def test_the_environment_naming_a_subclass_that_keeps_it(tmp_path):
    factory = FACTORY.replace('config[os.getenv("APP_ENVIRONMENT", "default")]', 'os.environ["APP_SETTINGS"]')
    assert _findings(tmp_path, "      APP_SETTINGS: app.config.ProductionConfig\n", factory=factory) == []
    assert _findings(tmp_path, "      APP_SETTINGS: app.config.DevelopmentConfig\n", factory=factory) == BASE_LINE


def test_another_field_of_the_base_read_directly(tmp_path):
    # `Config.VERSION` reads the version, not the broker the loaded subclass sets again
    factory = FACTORY + "\n\nfrom .config import Config\n\nVERSION = Config.DEBUG\n"
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", factory=factory) == []
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", factory=factory, hook=HOOK) == []
    factory = FACTORY + "\n\nfrom .config import Config\n\nConfig.init_app(None)\n"
    assert _findings(tmp_path, "      APP_ENVIRONMENT: production\n", factory=factory, hook=HOOK) == BASE_LINE
