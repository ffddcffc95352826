"""An application that loads its own ``.env`` (python-dotenv's ``load_dotenv``, django-environ's
and environs' ``read_env``) from the code the container holds, where the file is not in the
checkout and a committed sample beside it sets the variable: the operator writes the file from
the sample, and the default the code gives the variable does not run (``flow/appdotenv.py``).
Without a sample, with a sample that does not set the variable, or with a path dockwise cannot
read, the default is judged as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
    command: python app/main.py
    volumes:
      - .:/srv
  cache:
    image: redis:7
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
DOTENV_APP = """\
import os

import redis
from dotenv import load_dotenv

load_dotenv({args})
cache = redis.Redis.from_url(os.getenv("CACHE_URL", "redis://localhost:6379/0"))
"""
# django-environ: the file under the project's base directory, the directory above settings/
ENVIRON_SETTINGS = """\
import os

import environ

env = environ.Env()
BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
environ.Env.read_env(os.path.join(BASE_DIR, ".env"))
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
"""
CELERY_APP = "from celery import Celery\n\napp = Celery('proj')\napp.config_from_object('django.conf:settings', namespace='CELERY')\n"


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, **files}, git=True)
    return [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active]


def test_load_dotenv_with_a_committed_sample_that_sets_the_variable(tmp_path):
    files = {"app/main.py": DOTENV_APP.format(args=""), ".env.example": "CACHE_URL=redis://cache:6379/0\n"}
    assert _findings(tmp_path, files) == []


def test_the_default_is_still_judged_without_a_sample(tmp_path):
    assert _findings(tmp_path, {"app/main.py": DOTENV_APP.format(args="")}) == [("DW101", "app/main.py")]


def test_a_sample_that_does_not_set_the_variable_changes_nothing(tmp_path):
    files = {"app/main.py": DOTENV_APP.format(args=""), ".env.example": "SECRET_KEY=change-me\n"}
    assert _findings(tmp_path, files) == [("DW101", "app/main.py")]


def test_a_path_dockwise_cannot_read_names_no_file(tmp_path):
    files = {"app/main.py": DOTENV_APP.format(args="os.environ['ENV_FILE']"),
             ".env.example": "CACHE_URL=redis://cache:6379/0\n"}
    assert _findings(tmp_path, files) == [("DW101", "app/main.py")]


def test_a_yaml_file_named_like_a_sample_is_no_dotenv_sample(tmp_path):
    files = {"app/main.py": DOTENV_APP.format(args=""), "environment.sample.yml": "CACHE_URL=redis://cache:6379/0\n"}
    assert _findings(tmp_path, files) == [("DW101", "app/main.py")]


def test_a_module_the_container_does_not_run_loads_nothing_there(tmp_path):
    files = {"app/main.py": DOTENV_APP.format(args="").replace("load_dotenv()\n", ""),
             "tools/loader.py": "from dotenv import load_dotenv\n\nload_dotenv()\n",
             ".env.example": "CACHE_URL=redis://cache:6379/0\n"}
    assert _findings(tmp_path, files) == [("DW101", "app/main.py")]


def test_django_environ_read_env_with_a_sample_named_otherwise(tmp_path):
    compose = COMPOSE.replace("    command: python app/main.py",
                              "    environment:\n      DJANGO_SETTINGS_MODULE: proj.settings\n"
                              "    command: celery -A proj worker")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "manage.py": "",
                    "proj/__init__.py": "from .celery import app\n", "proj/celery.py": CELERY_APP,
                    "proj/settings.py": ENVIRON_SETTINGS}, git=True)
    found = [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active]
    assert found == [("DW101", "proj/settings.py")]
    (tmp_path / "docker_sample_env").write_text('CELERY_BROKER_URL="redis://cache:6379/0"\nDEBUG=True\n')
    assert [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active] == []


def test_a_sample_written_after_a_cached_run_is_seen_by_the_next_one(tmp_path):
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE,
                    "app/main.py": DOTENV_APP.format(args="")}, git=True)
    assert [f.code for f in run_check([tmp_path], Config()).active] == ["DW101"]
    (tmp_path / ".env.example").write_text("CACHE_URL=redis://cache:6379/0\n")
    assert list(run_check([tmp_path], Config()).active) == []


def test_a_sample_giving_the_variable_a_loopback_address_decides_nothing(tmp_path):
    # the operator copies the same mistake: the default's finding stands for it
    files = {"app/main.py": DOTENV_APP.format(args=""), ".env.example": "CACHE_URL=redis://localhost:6379/0\n"}
    assert _findings(tmp_path, files) == [("DW101", "app/main.py")]
