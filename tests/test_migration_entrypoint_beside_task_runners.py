"""An image's entrypoint script that runs a migration first (``alembic upgrade head``) and then
the service's command, or a default server when it is given none (``if [ "$#" -gt 0 ]; then
exec "$@"; else exec uvicorn ...; fi``), is shared by every service built from the image.

- Given the service's command, the script takes the branch that runs it: the default server of
  the ``else`` never starts there (``layout/dispatch.select_argc_ifs``).
- alembic runs its env.py and exits, serving nothing (``rules/frameworks.yaml`` ini_entries
  quiet): beside ``celery beat``, which runs no task, it makes no server of the container, so a
  helper that only a task's body calls still runs in the worker alone.
- beside Flower, which dials its broker alone, the modules env.py reaches still dial there (the
  migration's database), but nothing else the app reads does (a cache URL the broker falls back
  to), nor a task's helper.

A worker given the same entrypoint keeps its finding, and a container given no command runs
the default server of the ``else``."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = """\
import os

STORE_URL = os.environ["STORE_URL"]
CACHE_URL = os.environ.get("CACHE_URL", "redis://localhost:6379/0")
BROKER_URL = os.environ.get("BROKER_URL") or CACHE_URL
"""
QUEUE = """\
from celery import Celery

from shop import conf

app = Celery("shop", broker=conf.BROKER_URL, include=["shop.chores"])
"""
CHORES = """\
import httpx
from celery import shared_task

PRINTER = "http://localhost:9631"


@shared_task
def print_all(ids):
    for n in ids:
        send_label(n)


def send_label(n):
    return httpx.post(PRINTER, json={"label": n})
"""
WEB = """\
import redis
from fastapi import FastAPI

from shop import conf
from shop.chores import send_label

app = FastAPI()
cache = redis.Redis.from_url(conf.CACHE_URL)


@app.get("/label/{n}")
def label(n: int):
    cache.incr("labels")
    return send_label(n).status_code
"""
ENV_PY = """\
from alembic import context
from sqlalchemy import create_engine

from shop import conf

engine = create_engine(conf.STORE_URL)
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
"""
START = """\
#!/usr/bin/env bash
set -e
alembic upgrade head
if [ "$#" -gt 0 ]; then
  exec "$@"
else
  exec uvicorn shop.web:app --host 0.0.0.0 --port 8000
fi
"""
DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["/srv/start.sh"]\n'
DB_ENV = "    environment:\n      STORE_URL: postgresql://shop@store:5432/shop\n"
BROKER_ENV = "      BROKER_URL: redis://cache:6379/1\n"


def _found(tmp_path: Path, services: str) -> list[tuple[str, int, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  store:\n    image: postgres:16\n  cache:\n    image: redis:7\n" + services,
        "Dockerfile": DOCKERFILE,
        "start.sh": START,
        "alembic.ini": "[alembic]\nscript_location = migrations\n",
        "migrations/env.py": ENV_PY,
        "shop/__init__.py": "",
        "shop/conf.py": SETTINGS,
        "shop/queue.py": QUEUE,
        "shop/chores.py": CHORES,
        "shop/web.py": WEB,
        "requirements.txt": "celery\nhttpx\nredis\nfastapi\nuvicorn\nalembic\nsqlalchemy\nflower\n",
    }, git=True)
    return sorted((f.span.path, f.span.line, tuple(f.services))
                  for f in run_check([tmp_path], Config(cache=False)).active if f.code == "DW101")


def _svc(name: str, command: str, env: str = DB_ENV + BROKER_ENV) -> str:
    return f"  {name}:\n    build: .\n    command: {command}\n" + env


def test_a_scheduler_behind_the_migration_entrypoint_runs_no_task_helper(tmp_path):
    found = _found(tmp_path, _svc("packer", "celery -A shop.queue worker") + _svc("timer", "celery -A shop.queue beat"))
    assert found == [("shop/chores.py", 4, ("packer",))]


def test_a_monitor_behind_it_dials_the_migrations_database_and_its_broker_alone(tmp_path):
    # the monitor's database is the loopback default: env.py dials it there; its cache URL,
    # read only where the broker is not given, and the task's helper are dialled nowhere there
    watch = _svc("watch", "celery -A shop.queue flower --port=5555",
                 "    environment:\n      STORE_URL: postgresql://shop@localhost:5432/shop\n" + BROKER_ENV)
    found = _found(tmp_path, _svc("packer", "celery -A shop.queue worker") + watch)
    assert found == [("compose.yaml", 16, ("watch",)), ("shop/chores.py", 4, ("packer",))]


def test_a_service_given_no_command_runs_the_default_server(tmp_path):
    found = _found(tmp_path, "  front:\n    build: .\n    ports: ['8000:8000']\n" + DB_ENV + BROKER_ENV
                   + _svc("packer", "celery -A shop.queue worker"))
    assert found == [("shop/chores.py", 4, ("front", "packer"))]
