"""A background task's body runs in the process that executes tasks, not where the task is
sent.  A web container that imports the tasks module and only sends the task
(``sync.delay(item)``) never runs its body: the loopback search address in it is the worker's
finding alone.  The web container runs it too where its code calls the task in place
(``sync(item)``, ``sync.apply()``), turns on eager execution (``task_always_eager``), starts a
worker in-process (``app.worker_main()``), or its start command is a task program; and where
no service of the layout runs a worker (one may be started by hand from the image)."""
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
    command: {web}
  worker:
    build: .
    command: celery -A app.tasks worker
"""

TASKS = """\
import requests
from celery import Celery

app = Celery("app", broker="redis://redis:6379/0")
{config}

@app.task
def sync(item):
    requests.post("http://localhost:9200/items", json=item)
"""

WEB = """\
from app.tasks import app, sync


def handle(item):
{send}


if __name__ == "__main__":
    handle({{"id": 1}})
"""


def _services(tmp_path: Path, send: str = "    sync.delay(item)", config: str = "",
              web: str = "python -m app.web") -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(web=web) + "  redis:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/tasks.py": TASKS.format(config=config),
        "app/web.py": WEB.format(send=send),
    }, git=True)
    return [f.services for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"]


@pytest.mark.parametrize("send", [
    "    sync.delay(item)",
    "    sync.apply_async(args=[item], countdown=5)",
    "    sync.s(item).apply_async()",
    '    app.send_task("app.tasks.sync", args=[item])',
])
def test_a_task_only_sent_runs_its_body_in_the_worker_alone(tmp_path, send):
    assert _services(tmp_path, send) == [("worker",)]


@pytest.mark.parametrize("send, config, web", [
    ("    sync(item)", "", "python -m app.web"),  # called in place
    ("    sync.apply(args=[item])", "", "python -m app.web"),  # executed in place
    ("    handler = sync\n    handler(item)", "", "python -m app.web"),  # handed on
    ("    sync.delay(item)", "app.conf.task_always_eager = True", "python -m app.web"),  # .delay() runs in place
    ("    sync.delay(item)\n    app.worker_main(['worker'])", "", "python -m app.web"),  # a worker in-process
    ("    sync.delay(item)", "", "celery -A app.tasks worker -Q web"),  # a task program
])
def test_a_task_that_may_run_in_the_web_container_keeps_it(tmp_path, send, config, web):
    assert _services(tmp_path, send, config, web) == [("web", "worker")]


def test_without_a_worker_service_the_sender_keeps_the_finding(tmp_path):
    # no service of the layout executes tasks: a worker may be started by hand from the image
    _services(tmp_path)
    make(tmp_path, {"compose.yaml": "services:\n  web:\n    build: .\n    command: python -m app.web\n"})
    assert [f.services for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"] == [("web",)]

