"""A Celery app connects to its broker when a task is sent, a result read or the workers
controlled, not when it is built: a web container that imports the app (for its models, or
because the project's package does) and never sends a task does not dial the broker, so where
a worker of the layout serves the queue the loopback broker URL is the worker's finding alone.
A send, a result lookup, a chord or a control call in the web container's code keeps it there
too; a layout with no worker keeps the finding on the app's containers (a worker may be started
by hand), and a Flower monitor dials the broker without sending."""
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
    command: python -m app.web
  worker:
    build: .
    command: celery -A app.tasks worker
  redis:
    image: redis:7
"""

TASKS = """\
from celery import Celery

app = Celery("app", broker="redis://localhost:6379/0")


@app.task
def sync(item):
    return item
"""

WEB = """\
from app.tasks import app, sync


def handle(item):
{body}


if __name__ == "__main__":
    handle({{"id": 1}})
"""


def _services(tmp_path: Path, body: str, compose: str = COMPOSE) -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/tasks.py": TASKS,
        "app/web.py": WEB.format(body=body),
    }, git=True)
    return [f.services for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"]


@pytest.mark.parametrize("body", [
    "    return sync.__name__",
    "    print(app.conf.broker_url)",  # configured, read, never connected
])
def test_a_container_that_sends_no_task_does_not_dial_the_broker(tmp_path, body):
    assert _services(tmp_path, body) == [("worker",)]


@pytest.mark.parametrize("body", [
    "    sync.delay(item)",
    "    sync.apply_async(args=[item])",
    '    app.send_task("app.tasks.sync", args=[item])',
    "    from celery.result import AsyncResult\n    return AsyncResult(item['id'], app=app).state",
    "    from celery import chord\n    chord([sync.s(item)])(sync.s())",
    "    return app.control.inspect().active()",
])
def test_a_container_that_sends_or_controls_dials_it(tmp_path, body):
    assert _services(tmp_path, body) == [("web", "worker")]


def test_without_a_worker_service_the_app_keeps_its_broker_finding(tmp_path):
    # no service of the layout runs a worker: one may be started by hand from the same image,
    # so the app's containers keep the finding whether or not their code sends
    compose = COMPOSE.replace("  worker:\n    build: .\n    command: celery -A app.tasks worker\n", "")
    assert _services(tmp_path, "    sync.delay(item)", compose) == [("web",)]
    assert _services(tmp_path, "    return sync.__name__", compose) == [("web",)]


@pytest.mark.parametrize("monitor", ["celery -A app.tasks flower", "flower -A app.tasks"])
def test_a_flower_monitor_dials_the_broker_without_sending(tmp_path, monitor):
    compose = COMPOSE + f"  flower:\n    build: .\n    command: {monitor}\n"
    assert _services(tmp_path, "    return sync.__name__", compose) == [("flower", "worker")]
