"""A reloader that calls a Python function rather than a command: ``watchfiles
celery.__main__.main --args '-A proj worker'`` (watchfiles infers a function from a dotted
target; its ``--args`` word is split into the function's argv) and ``watchgod
celery.__main__.main --args -A proj worker`` (watchgod's target is always a function; its
``--args`` takes the rest of the command line).  Calling ``celery.__main__.main`` with that
argv is ``celery -A proj worker``: the container runs the Celery app, not every file it holds."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
CELERY_APP = 'from celery import Celery\napp = Celery("proj", broker="redis://localhost:6379/0")\n'
UNRUN = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'


def flagged(tmp_path: Path, command: str, extra: dict[str, str] | None = None):
    files = {"compose.yaml": "services:\n  worker:\n    build: .\n    command: /start-worker\n"
                             "  redis:\n    image: redis\n",
             "Dockerfile": DOCKERFILE + "COPY start-worker /start-worker\n",
             "start-worker": f"#!/bin/bash\nset -o errexit\n\nexec {command}\n",
             "proj/__init__.py": CELERY_APP,
             "feeds/pull.py": UNRUN,
             **(extra or {})}
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, tuple(sorted(f.services))) for f in result.active)


@pytest.mark.parametrize("command", [
    "watchfiles --filter python celery.__main__.main --args '-A proj worker -l INFO'",
    'watchfiles celery.__main__.main --args="-A proj worker -l INFO"',
    "watchfiles --target-type function celery.__main__.main . --args '-A proj beat'",
    "watchgod celery.__main__.main --args -A proj worker -l INFO",
])
def test_a_reloader_calling_celerys_main_runs_the_celery_app_only(tmp_path, command):
    # the app's broker stays reported; a module nothing imports is not run there
    assert flagged(tmp_path, command) == [("proj/__init__.py", "DW101", ("worker",))]


def test_a_reloader_calling_a_project_function_imports_its_module_without_its_main_block(tmp_path):
    extra = {"jobs/runner.py": (
        "import redis\n\n"
        "def main():\n    redis.Redis(host=\"localhost\").ping()\n\n"
        "if __name__ == \"__main__\":\n    redis.Redis(host=\"127.0.0.1\").ping()\n")}
    got = flagged(tmp_path, "watchfiles jobs.runner.main /app", extra)
    assert got == [("jobs/runner.py", "DW101", ("worker",))]
    lines = {f.span.line for f in run_check([tmp_path], Config(cache=False)).active}
    assert lines == {4}


def test_a_reloader_running_a_command_string_is_unchanged(tmp_path):
    # a target with a space, or ending in .py, is a command watchfiles runs through the shell
    assert flagged(tmp_path, "watchfiles --filter python 'celery -A proj worker'") == [
        ("proj/__init__.py", "DW101", ("worker",))]
