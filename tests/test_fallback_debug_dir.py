"""A container whose start command cannot be followed runs every file it holds, except
directories of hand-run helpers: ``debug/`` holds one-off diagnosis scripts (run as
``python debug/check.py`` from a shell), not code the container starts.  Where the start
command is followed, a ``debug`` package the entry imports is still judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

LOOPBACK = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'
COMPOSE = "services:\n  app:\n    build: .\n{command}  redis:\n    image: redis\n"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"


def _flagged(tmp_path: Path, files: dict[str, str]) -> list[str]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(f.span.path for f in result.active)


def test_a_debug_script_is_not_judged_in_a_fallback_container(tmp_path):
    files = {"compose.yaml": COMPOSE.format(command="    command: ./start-unknown\n"), "Dockerfile": DOCKERFILE,
             "app/__init__.py": "", "app/debug/probe_cache.py": LOOPBACK, "debug/probe.py": LOOPBACK,
             "app/worker.py": LOOPBACK}
    assert _flagged(tmp_path, files) == ["app/worker.py"]


def test_recall_a_debug_package_the_entry_imports_is_judged(tmp_path):
    files = {"compose.yaml": COMPOSE.format(command='    command: ["python", "main.py"]\n'), "Dockerfile": DOCKERFILE,
             "main.py": "from debug import cache\n", "debug/__init__.py": "", "debug/cache.py": LOOPBACK}
    assert _flagged(tmp_path, files) == ["debug/cache.py"]
