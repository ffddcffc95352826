"""django-environ's and environs' ``FileAwareEnv`` is an ``Env`` that reads the file named by
``X_FILE`` first, then the variable ``X``: ``env("X", default=...)`` on one is an environment
read like ``environ.Env``'s, and its default never runs where the service sets ``X``.  A
default of a variable the service leaves unset is still judged."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = ('import environ\n'
       'import redis\n'
       'import requests\n\n'
       'env = environ.FileAwareEnv()\n\n'
       'cache = redis.Redis.from_url(env("REDIS_URL", default="redis://localhost:6379/0"))\n'
       'queue = redis.Redis.from_url(env.str("QUEUE_URL", default="redis://localhost:6379/1"))\n'
       'requests.get(env("SEARCH_URL", default="http://host.docker.internal:8005/health"))\n'
       'requests.get(env("EMBED_URL", default="http://host.docker.internal:8006/health"))\n')

COMPOSE = ("services:\n  kv:\n    image: redis:7\n"
           "  app:\n    build: .\n    command: python app.py\n"
           "    environment:\n      REDIS_URL: redis://kv:6379/0\n      SEARCH_URL: http://search:8005/health\n"
           "  search:\n    image: nginx:1.27\n")


def findings(tmp_path, app: str) -> list[tuple[int, str]]:
    make(tmp_path, {"app.py": app, "compose.yaml": COMPOSE,
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"}, git=True)
    return sorted((f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_file_aware_env_default_of_a_variable_the_service_sets_never_runs(tmp_path):
    assert findings(tmp_path, APP) == [(8, "DW101"), (10, "DW106")]


def test_environs_file_aware_env_reads_the_same(tmp_path):
    app = APP.replace("import environ\n", "from environs import FileAwareEnv\n").replace(
        "environ.FileAwareEnv()", "FileAwareEnv()")
    assert findings(tmp_path, app) == [(8, "DW101"), (10, "DW106")]
