"""The dotenv file an application loads itself, put in place by the image's build under the
name the loader reads (``COPY ./.env.docker /app/.env`` beside ``COPY . /app``, read by
``environ.Env.read_env(os.path.join(BASE_DIR, ".env"))``): the container's file is that copy,
not the committed samples beside it.  A variable it sets makes the code's fallback dead
(``env("CELERY_BROKER_URL", default="redis://localhost:6379/0")``), and, as the loader puts it
in the process environment, Celery reads it before the broker its constructor is given
(``rules/flow.yaml`` env_first).  Where the copy does not set the variable, both stay findings."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = """\
FROM python:3.12-slim
COPY . /app
COPY ./.env.docker /app/.env
WORKDIR /app
CMD ["celery", "-A", "proj", "worker"]
"""
COMPOSE = """\
services:
  worker:
    build: .
  redis:
    image: redis:7
"""
SETTINGS = """\
import os

import environ

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
env = environ.Env()
environ.Env.read_env(os.path.join(BASE_DIR, ".env"))

SECRET_KEY = env("SECRET_KEY", default="dev")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://localhost:6379/0")
"""
CELERY = """\
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")

app = Celery("proj", broker="redis://localhost:6379/0")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
"""


def _findings(tmp_path: Path, docker_env: str, dockerfile: str = DOCKERFILE) -> list[tuple[str, str, int]]:
    make(tmp_path, {"Dockerfile": dockerfile, "compose.yaml": COMPOSE, "proj/__init__.py": "from .celery import app\n",
                    "proj/settings.py": SETTINGS, "proj/celery.py": CELERY, ".env.docker": docker_env,
                    ".env.example": "SECRET_KEY=change-me\n"}, git=True)
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


BOTH = [("DW101", "proj/celery.py", 7), ("DW101", "proj/settings.py", 10)]


def test_the_copy_sets_the_broker(tmp_path):
    assert _findings(tmp_path, "SECRET_KEY=s3cret\nCELERY_BROKER_URL=redis://redis:6379/0\n") == []


def test_the_copy_leaves_the_broker_unset(tmp_path):
    assert _findings(tmp_path, "SECRET_KEY=s3cret\n") == BOTH


def test_without_the_copy_the_samples_decide(tmp_path):
    dockerfile = DOCKERFILE.replace("COPY ./.env.docker /app/.env\n", "")
    assert _findings(tmp_path, "CELERY_BROKER_URL=redis://redis:6379/0\n", dockerfile) == BOTH
