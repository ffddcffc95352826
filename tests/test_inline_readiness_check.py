"""A worker whose start command first runs an inline Python check (``python -c 'import
app.models'``: the readiness test an entrypoint runs before ``celery worker``) still serves no
request: the inline program's own text starts no server, so a dial written only in a route
handler of a module the worker imports does not run there.  An inline program that starts the
application's server (``app.run()``) may serve, and the handler's dial is judged there."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WEB = (
    "import os\n\nimport redis\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n"
    "@app.route(\"/hits\")\ndef hits():\n"
    "    counter = redis.Redis.from_url(os.environ[\"CACHE_URL\"])\n"
    "    return str(counter.incr(\"hits\"))\n"
)

TASKS = (
    "from celery import Celery\n\nfrom app import web  # helpers of the web module\n\n"
    "queue = Celery(\"jobs\", broker=\"redis://cache:6379/1\")\n\n\n"
    "@queue.task\ndef ping():\n    return web.__name__\n"
)


def _findings(tmp_path: Path, worker_command: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  api:\n    build: .\n    command: gunicorn -b 0.0.0.0:8000 app.web:app\n"
                        "    environment:\n      CACHE_URL: redis://cache:6379/0\n"
                        f"  worker:\n    build: .\n    command: {worker_command}\n"
                        "    environment:\n      CACHE_URL: redis://localhost:6379/0\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/models.py": "TABLES = (\"users\",)\n",
        "app/web.py": WEB,
        "app/tasks.py": TASKS,
    }, git=True)
    return [(f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


def test_worker_alone_serves_no_request(tmp_path):
    assert _findings(tmp_path, "celery -A app.tasks worker") == []


def test_inline_readiness_check_serves_no_request(tmp_path):
    command = "sh -c \"python -c 'import app.models' && celery -A app.tasks worker\""
    assert _findings(tmp_path, command) == []


def test_inline_program_starting_the_server_may_serve(tmp_path):
    command = "sh -c \"python -c 'from app.web import app; app.run()'\""
    assert _findings(tmp_path, command) == [("DW101", ("worker",))]
