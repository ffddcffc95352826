"""Async ORMs and task queues that take their database's address in a mapping or a settings
object rather than a URL argument:

* Tortoise ORM's ``config`` (``Tortoise.init``, ``register_tortoise`` and ``RegisterTortoise`` of
  its FastAPI, Starlette, Quart, aiohttp and Sanic integrations): ``{"connections": {alias: URL
  or {"engine": ..., "credentials": {"host": ..., "port": ...}}}, "apps": {...}}``, and their
  ``db_url``;
* Piccolo's ``PostgresEngine(config={...})``, a mapping handed to asyncpg (``host``, ``port``,
  ``user``, ``password``, ``database``): the host is dialled at PostgreSQL's port when none is
  given;
* arq's ``RedisSettings(host, port)`` (and ``RedisSettings.from_dsn``), which ``create_pool``
  and the worker dial;
* Pony's ``Database(provider, **kwargs)`` and ``Database.bind(provider, **kwargs)``, which hand
  the keywords to the provider's driver and open a test connection at once.

Only what names an address counts: the user, password or database of the mapping, a SQLite
file URL, and the apps' module paths are no target."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_COMPOSE = ("services:\n  api:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
            "  db:\n    image: postgres:16\n  queue:\n    image: redis:7\n")


def _findings(tmp_path: Path, body: str) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/main.py": body,
    }, git=True)
    return sorted((f.code, f.span.line, f.suggestion.host if f.suggestion else None)
                  for f in run_check([tmp_path], Config(cache=False)).active)


_TORTOISE = '''from fastapi import FastAPI
from tortoise.contrib.fastapi import register_tortoise

app = FastAPI()
TORTOISE_ORM = {
    "connections": {
        "default": {
            "engine": "tortoise.backends.asyncpg",
            "credentials": {"host": "localhost", "port": "5432", "user": "localhost", "database": "app"},
        },
        "reports": "postgres://app:secret@127.0.0.1:5432/reports",
        "cache": "sqlite://db.sqlite3",
        "events": "postgres://app:secret@db:5432/events",
    },
    "apps": {"models": {"models": ["app.models", "aerich.models"], "default_connection": "default"}},
}
register_tortoise(app, config=TORTOISE_ORM)
'''


def test_tortoise_config_connections_are_dialled(tmp_path):
    assert _findings(tmp_path, _TORTOISE) == [("DW101", 9, "db"), ("DW101", 11, "db")]


def test_tortoise_config_of_code_the_service_does_not_run_is_silent(tmp_path):
    body = _TORTOISE.replace("register_tortoise(app, config=TORTOISE_ORM)\n",
                             "def setup():\n    register_tortoise(app, config=TORTOISE_ORM)\n")
    assert _findings(tmp_path, body) == []


def test_tortoise_db_url_is_dialled(tmp_path):
    body = ('from tortoise import Tortoise\n\n'
            'async def init():\n'
            '    await Tortoise.init(db_url="postgres://app:secret@localhost:5432/app", modules={"models": ["app"]})\n\n'
            'async def app(scope, receive, send):\n    await init()\n')
    assert _findings(tmp_path, body) == [("DW101", 4, "db")]


def test_piccolo_engine_host_is_dialled_at_the_postgres_port(tmp_path):
    body = ('from piccolo.engine.postgres import PostgresEngine\n\n'
            'DB = PostgresEngine(config={"host": "localhost", "database": "app", "user": "postgres"})\n'
            'app = None\n')
    assert _findings(tmp_path, body) == [("DW101", 3, "db")]


def test_piccolo_engine_on_a_service_name_is_silent(tmp_path):
    body = ('from piccolo.engine.postgres import PostgresEngine\n\n'
            'DB = PostgresEngine(config={"host": "db", "port": 5432, "database": "app"})\napp = None\n')
    assert _findings(tmp_path, body) == []


def test_arq_redis_settings_are_dialled(tmp_path):
    body = ('from arq.connections import RedisSettings\n\n'
            'REDIS = RedisSettings(host="localhost", port=6379)\n'
            'BACKUP = RedisSettings.from_dsn("redis://127.0.0.1:6379/1")\n'
            'QUEUE = RedisSettings(host="queue", port=6379)\napp = None\n')
    assert _findings(tmp_path, body) == [("DW101", 3, "queue"), ("DW101", 4, "queue")]


def test_pony_database_bind_is_dialled(tmp_path):
    body = ('from pony.orm import Database\n\n'
            'db = Database()\n'
            'db.bind(provider="postgres", host="localhost", port=5432, user="app", database="app")\n'
            'other = Database("postgres", host="db", port=5432, database="app")\napp = None\n')
    assert _findings(tmp_path, body) == [("DW101", 4, "db")]
