"""A branch on whether a variable is set, asked of django-environ's reader: `"REDIS_URL" in env`
with `env = environ.Env()` is `"REDIS_URL" in os.environ` (Env.__contains__ looks the name up
in its ENVIRON, os.environ by default). A service that sets the variable runs the `if` side, and
never the `else` side's loopback default (survey hG)."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = (
    "import environ\n"
    "import redis\n"
    "env = environ.Env()\n"
    'if "REDIS_URL" in env:\n'
    '    REDIS_URL = env("REDIS_URL")\n'
    "else:\n"
    '    REDIS_HOST = env("REDIS_HOST", default="localhost")\n'
    '    REDIS_URL = f"redis://{REDIS_HOST}:6379/0"\n'
    "client = redis.Redis.from_url(REDIS_URL)\n"
)


def project(tmp_path, environment: str) -> list:
    make(tmp_path, {
        "compose.yaml": ("services:\n  redis:\n    image: redis:7\n  worker:\n    build: .\n"
                         "    command: python worker.py\n" + environment),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "settings.py": SETTINGS,
        "worker.py": "import settings\nprint(settings.client.ping())\n",
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return [f for f in found if f.span.path == "settings.py"]


def test_the_else_side_of_a_variable_the_service_sets_does_not_run(tmp_path):
    assert project(tmp_path, "    environment:\n      REDIS_URL: redis://redis:6379/0\n") == []


def test_the_else_side_runs_where_the_service_leaves_the_variable_unset(tmp_path):
    found = project(tmp_path, "    environment:\n      OTHER: x\n")
    assert [(f.span.line, f.code) for f in found] == [(7, "DW101")]
