"""A Celery task is sent by its registered name (``app.send_task("proj.tasks.add")``,
``signature("proj.tasks.add")``): the broker carries the name to a worker that imported the task
itself, and the sender imports nothing by it, although a task's default name is its dotted path
(rules/frameworks.yaml ``task_name_calls``).  A module the web app sends tasks to by name is not
part of the web container, so a dial at its top level names the worker alone; a dotted path
handed to any other call (a loader, RQ's ``enqueue``, whose worker imports the function by it)
is still followed."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

API = """\
from celery import Celery, signature
from fastapi import FastAPI

from svc import helpers

app = FastAPI()
queue = Celery("svc", broker="redis://cache:6379/0")


@app.post("/orders")
def create():
    queue.send_task("svc.jobs.fulfil", args=[1])
    signature("svc.jobs.notify", args=[1]).apply_async()
    return helpers.ok()
{extra}"""
JOBS = """\
import redis
from celery import Celery

app = Celery("svc", broker="redis://cache:6379/0")
counter = redis.Redis(host="localhost", port=6379)


@app.task
def fulfil(n):
    counter.incr("orders")


@app.task
def notify(n):
    counter.incr("notices")
"""
HELPERS = """\
import redis

stats = redis.Redis(host="localhost", port=6379)


def ok():
    stats.incr("ok")
    return {"ok": True}
"""


def _services(tmp_path: Path, extra: str = "") -> dict[str, tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  api:\n    build: .\n    command: uvicorn svc.api:app --host 0.0.0.0\n"
                        "  worker:\n    build: .\n    command: celery -A svc.jobs worker -l info\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "svc/__init__.py": "",
        "svc/api.py": API.format(extra=extra),
        "svc/jobs.py": JOBS,
        "svc/helpers.py": HELPERS,
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return {str(f.span.path).rsplit("/", 1)[-1]: tuple(sorted(f.services)) for f in found}


def test_a_module_sent_tasks_by_name_does_not_run_in_the_sender(tmp_path: Path) -> None:
    got = _services(tmp_path)
    assert got["jobs.py"] == ("worker",)
    assert got["helpers.py"] == ("api",)  # imported for real: its top level runs in the api


def test_a_dotted_path_handed_to_a_loader_is_still_followed(tmp_path: Path) -> None:
    got = _services(tmp_path, extra='\n\nfrom importlib import import_module\n\nimport_module("svc.jobs")\n')
    assert got["jobs.py"] == ("api", "worker")
