"""A Celery app connects to its broker only to send, read or control tasks, or in a worker
executing them.  Where no service of the layout runs a worker, one may still be started by hand
from the image, so a web container that builds the app keeps its broker finding; but a project
that defines no task anywhere (no ``@app.task``, ``@shared_task``, ``app.register_task``,
``autodiscover_tasks()`` or ``Task`` subclass, in any of its files) gives such a worker nothing
to run: an app built only to absorb a Flask config, in code that sends nothing, never dials."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
    command: gunicorn app.main:app --bind 0.0.0.0:8000
  redis:
    image: redis:7
"""

MAIN = """\
from flask import Flask
from celery import Celery

app = Flask(__name__)
app.config["CELERY_BROKER_URL"] = "redis://localhost:6379/0"

celery = Celery(app.name, broker=app.config["CELERY_BROKER_URL"])
celery.conf.update(app.config)
{extra}

@app.route("/")
def index():
    return "ok"
"""


def _services(tmp_path: Path, extra: str = "", files: dict[str, str] | None = None,
              compose: str = COMPOSE) -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/main.py": MAIN.format(extra=extra),
        **(files or {}),
    }, git=True)
    return [f.services for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"]


def test_an_app_of_a_project_that_defines_no_task_dials_nothing(tmp_path):
    assert _services(tmp_path) == []


def test_a_task_only_tests_define_is_none(tmp_path):
    assert _services(tmp_path, files={"tests/test_celery.py": (
        "from app.main import celery\n\n\n@celery.task\ndef probe():\n    return 1\n")}) == []


@pytest.mark.parametrize("extra", [
    "\n@celery.task\ndef sync(item):\n    return item\n",
    "\nfrom celery import shared_task\n\n\n@shared_task(bind=True)\ndef sync(self, item):\n    return item\n",
    "\ndef sync(item):\n    return item\n\n\nsync_task = celery.task(sync)\n",
    "\ncelery.autodiscover_tasks([\"app.jobs\"])\n",
    "\nfrom celery import Task\n\n\nclass Sync(Task):\n    name = \"sync\"\n\n\ncelery.register_task(Sync())\n",
])
def test_a_project_that_defines_a_task_keeps_the_finding(tmp_path, extra):
    # a worker may be started by hand from the image: it dials the same broker
    assert _services(tmp_path, extra) == [("web",)]


def test_a_task_in_a_module_no_service_runs_counts(tmp_path):
    # the worker started by hand imports the module its app includes: the web never does
    files = {"app/jobs.py": "from celery import shared_task\n\n\n@shared_task\ndef sync(item):\n    return item\n"}
    assert _services(tmp_path, files=files) == [("web",)]


def test_code_that_sends_keeps_the_finding(tmp_path):
    extra = "\n\n@app.route(\"/ping\")\ndef ping():\n    celery.send_task(\"elsewhere.ping\")\n    return \"sent\"\n"
    assert _services(tmp_path, extra) == [("web",)]
