"""A branch on a flag that the application's own dotenv file sets, where the service leaves it
unset: django-environ's ``environ.Env.read_env()`` (or python-dotenv's ``load_dotenv()``) puts
the file's values into the process's environment without replacing what Compose gives, so a
worker that mounts the code, ``.env`` beside the settings included, runs the branch that file
selects.  ``LOCAL=0`` there turns off the loopback database of ``if LOCAL:``; ``LOCAL=1``, or the
service's own ``LOCAL: "1"`` over the file's ``0``, keeps it a finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /srv
COPY . /srv
"""
COMPOSE = """\
services:
  worker:
    build: .
    command: celery -A core worker -l info
    volumes:
      - ./:/srv
    environment:
      - STORE_HOST=store
{extra}  store:
    image: postgres:16
"""
SETTINGS = """\
import environ

env = environ.Env()
environ.Env.read_env()

SECRET_KEY = env("SECRET_KEY", default="x")
LOCAL = bool(int(env("LOCAL")))

if LOCAL:
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app",
                             "HOST": "localhost", "PORT": 5432}}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app",
                             "HOST": env("STORE_HOST"), "PORT": 5432}}
"""
CELERY = """\
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
app = Celery("core")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
"""


def _findings(tmp_path: Path, dotenv: str, extra: str = "") -> list[tuple[str, str, int]]:
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": COMPOSE.format(extra=extra),
                    "core/__init__.py": "from .celery import app\n", "core/settings.py": SETTINGS,
                    "core/celery.py": CELERY, "core/.env": dotenv})
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


LOOPBACK = [("DW101", "core/settings.py", 11)]


def test_the_apps_dotenv_turns_the_branch_off(tmp_path):
    assert _findings(tmp_path, "SECRET_KEY=s\nLOCAL=0\n") == []


def test_the_apps_dotenv_turns_the_branch_on(tmp_path):
    assert _findings(tmp_path, "SECRET_KEY=s\nLOCAL=1\n") == LOOPBACK


def test_the_services_own_value_wins_over_the_file(tmp_path):
    extra = "      - LOCAL=1\n"
    compose_extra = COMPOSE.replace("      - STORE_HOST=store\n", "      - STORE_HOST=store\n" + extra)
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": compose_extra.format(extra=""),
                    "core/__init__.py": "from .celery import app\n", "core/settings.py": SETTINGS,
                    "core/celery.py": CELERY, "core/.env": "SECRET_KEY=s\nLOCAL=0\n"})
    found = sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)
    assert found == LOOPBACK


def test_an_overriding_loader_is_not_taken(tmp_path):
    # (`load_dotenv(override=True)` replaces the process's values: not a fallback; left unknown)
    settings = SETTINGS.replace("environ.Env.read_env()", "environ.Env.read_env(overwrite=True)")
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": COMPOSE.format(extra=""),
                    "core/__init__.py": "from .celery import app\n", "core/settings.py": settings,
                    "core/celery.py": CELERY, "core/.env": "SECRET_KEY=s\nLOCAL=0\n"})
    found = sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)
    assert found == LOOPBACK
