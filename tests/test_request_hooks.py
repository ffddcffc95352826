"""A function a web framework calls around each request (Flask's ``@app.before_request``,
``@app.after_request``, ``@app.teardown_request``, ``@bp.before_app_request``,
``@app.errorhandler(404)``; FastAPI's and Starlette's ``@app.middleware("http")`` and
``@app.exception_handler(...)``) runs only where a server of the process receives requests, like
a route's body (rules/flow.yaml route_decorators).  A task worker that imports the application
for its configuration never runs it; the worker's own task still dials, and a hook the worker
calls by its name runs there."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

FLASK_APP = """\
import psycopg
import redis
from flask import Flask, g

app = Flask(__name__)


@app.before_request
def open_db():
    g.db = psycopg.connect("postgresql://shop@localhost:5432/shop")


@app.errorhandler(500)
def count_error(exc):
    redis.Redis(host="localhost", port=6379).incr("errors")
    return "error", 500
{extra}"""
FASTAPI_APP = """\
import psycopg
import redis
from fastapi import FastAPI

app = FastAPI()


@app.middleware("http")
async def open_db(request, call_next):
    psycopg.connect("postgresql://shop@localhost:5432/shop")
    return await call_next(request)


@app.exception_handler(ValueError)
async def count_error(request, exc):
    redis.Redis(host="localhost", port=6379).incr("errors")
{extra}"""
TASKS = """\
import pika
from celery import Celery

from shop.web import app

queue = Celery("shop", broker="amqp://guest@mq:5672//")


@queue.task
def notify():
    pika.BlockingConnection(pika.URLParameters("amqp://guest@localhost:5672/"))
{extra}"""


def _services(tmp_path: Path, web: str, server: str, extra: str = "", tasks: str = "") -> dict[str, tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        f"  web:\n    build: .\n    command: {server}\n"
                        "  worker:\n    build: .\n    command: celery -A shop.tasks worker -l info\n"
                        "  cache:\n    image: redis:7\n  db:\n    image: postgres:16\n  mq:\n    image: rabbitmq:3\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "shop/__init__.py": "",
        "shop/web.py": web.format(extra=extra),
        "shop/tasks.py": TASKS.format(extra=tasks),
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return {f"{str(f.span.path).rsplit('/', 1)[-1]}:{f.span.line}": tuple(sorted(f.services)) for f in found}


CASES = [(FLASK_APP, "gunicorn shop.web:app -b 0.0.0.0:8000", 10, 15),
         (FASTAPI_APP, "uvicorn shop.web:app --host 0.0.0.0", 10, 16)]


@pytest.mark.parametrize("web, server, hook, handler", CASES)
def test_request_hooks_run_only_where_requests_are_served(tmp_path: Path, web: str, server: str, hook: int,
                                                          handler: int) -> None:
    got = _services(tmp_path, web, server)
    assert got[f"web.py:{hook}"] == ("web",)
    assert got[f"web.py:{handler}"] == ("web",)
    assert got["tasks.py:11"] == ("worker",)


@pytest.mark.parametrize("web, server, hook, handler", CASES)
def test_a_hook_the_worker_calls_runs_there(tmp_path: Path, web: str, server: str, hook: int, handler: int) -> None:
    got = _services(tmp_path, web, server, tasks="\n\n@queue.task\ndef warm():\n    from shop.web import open_db\n\n    open_db()\n")
    assert got[f"web.py:{hook}"] == ("web", "worker")
