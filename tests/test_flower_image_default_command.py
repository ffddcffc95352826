"""Flower's image, given no command, runs its own ``celery flower`` with no ``-A``: Celery's
default app, which imports nothing of the project, so the tasks module a Compose file mounts
into it (beside the workers that run it) does not run there, and its fallback addresses are
dialled nowhere in that container (``rules/frameworks.yaml`` image_entrypoints).  Where the
service names the app by CELERY_APP, or its environment is unknown, Flower may import the
mounted module: its addresses stay judged.  The broker URL the image is handed is still read
(``rules/images.yaml`` dials)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

TASKS = """\
import os

from celery import Celery

BROKER = os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0")
BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "redis://localhost:6379/1")

queue = Celery("thumbs", broker=BROKER, backend=BACKEND)


@queue.task
def shrink(blob):
    return blob[:10]
"""

WORKER = """\
  shrinker:
    build: ./jobs
    command: celery -A thumbs worker
    environment:
      CELERY_BROKER_URL: redis://kv:6379/0
      CELERY_RESULT_BACKEND: redis://kv:6379/1
"""


def _found(tmp_path: Path, monitor: str, tasks: str = TASKS) -> list[tuple[str, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  kv:\n    image: redis:7\n" + WORKER + monitor,
        "jobs/Dockerfile": "FROM python:3.12-slim\nWORKDIR /jobs\nCOPY . .\n",
        "jobs/thumbs.py": tasks,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.code, f.span.path, tuple(f.services)) for f in result.active)


def _monitor(env: str, image: str = "mher/flower:2.0", extra: str = "") -> str:
    return (f"  board:\n    image: {image}\n    environment:\n{env}"
            f"    volumes:\n      - ./jobs:/jobs\n{extra}")


def test_the_image_default_command_imports_none_of_the_mounted_tasks(tmp_path):
    assert _found(tmp_path, _monitor("      CELERY_BROKER_URL: redis://kv:6379/0\n")) == []


def test_a_loopback_broker_handed_to_the_image_is_still_judged(tmp_path):
    assert _found(tmp_path, _monitor("      CELERY_BROKER_URL: redis://localhost:6379/0\n")) \
        == [("DW101", "compose.yaml", ("board",))]


def test_an_app_named_by_celery_app_keeps_the_mounted_tasks_judged(tmp_path):
    env = "      CELERY_BROKER_URL: redis://kv:6379/0\n      CELERY_APP: thumbs\n      PYTHONPATH: /jobs\n"
    assert _found(tmp_path, _monitor(env)) == [("DW101", "jobs/thumbs.py", ("board",))]


def test_an_unknown_environment_keeps_the_mounted_tasks_judged(tmp_path):
    # a cache client the module builds on import, at a loopback host written out: the worker
    # dials it, and so may Flower where an env_file absent from the tree may set CELERY_APP
    tasks = TASKS + "\nimport redis\n\nmemo = redis.Redis(host=\"localhost\", port=6379)\n"
    env = "      CELERY_BROKER_URL: redis://kv:6379/0\n"
    assert _found(tmp_path, _monitor(env, extra="    env_file: ./flower.env\n"), tasks) \
        == [("DW101", "jobs/thumbs.py", ("board", "shrinker"))]
    assert _found(tmp_path, _monitor(env), tasks) == [("DW101", "jobs/thumbs.py", ("shrinker",))]


def test_a_mounted_flower_configuration_file_keeps_the_mounted_code_judged(tmp_path):
    # Flower imports flowerconfig.py from its working directory: a service holding one runs code
    make(tmp_path, {"jobs/flowerconfig.py": "port = 5555\n"})
    tasks = TASKS + "\nimport redis\n\nmemo = redis.Redis(host=\"localhost\", port=6379)\n"
    # (and the result backend's fallback too: the monitor sets no CELERY_RESULT_BACKEND)
    assert _found(tmp_path, _monitor("      CELERY_BROKER_URL: redis://kv:6379/0\n"), tasks) \
        == [("DW101", "jobs/thumbs.py", ("board",)), ("DW101", "jobs/thumbs.py", ("board", "shrinker"))]
