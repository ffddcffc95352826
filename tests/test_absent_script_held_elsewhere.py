"""A start command naming a script the container holds only at another path.

``command: python app.py`` run in ``/app``, in an image built ``FROM python`` whose Dockerfile
copies the whole project to ``/app``, where the project's only ``app.py`` is ``web/app.py``
(``/app/web/app.py`` in the container): the interpreter exits at start ("can't open file
'/app/app.py'"), and none of the project's files runs there.  A project file named like the
script keeps the container judged only where it may be the script: held at the path the
interpreter opens (a bind mount of its directory onto ``/app``), or not held at a known path
at all.  The service that does start the code beside it is still judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = """FROM python:3.12-slim
WORKDIR /app
COPY . .
CMD ["python", "app.py"]
"""

PANEL = """import redis

cache = redis.Redis(host="localhost", port=6379)
cache.ping()
"""

WORKER = """import redis

queue = redis.Redis(host="localhost", port=6379)
queue.ping()
"""

COMPOSE = """services:
  panel:
    build: .
    command: python app.py
@PANEL_EXTRA@  worker:
    build: .
    command: python jobs/worker.py
  cache:
    image: redis:7
"""


def findings(tmp_path: Path, panel_extra: str = "") -> list[tuple[str, int, str, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.replace("@PANEL_EXTRA@", panel_extra),
        "Dockerfile": DOCKERFILE,
        "web/app.py": PANEL,
        "jobs/worker.py": WORKER,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((str(f.span.path), f.span.line, f.code, ",".join(f.services))
                  for f in result.active)


def test_a_script_held_only_at_another_path_runs_nothing(tmp_path):
    # the worker's loopback is reported for the worker alone, not for the panel container
    # that exits at start; the panel's own client is in no container that runs
    assert findings(tmp_path) == [("jobs/worker.py", 3, "DW101", "worker")]


def test_a_script_mounted_where_the_interpreter_opens_it_runs(tmp_path):
    extra = """    volumes:
      - ./web:/app
"""
    assert findings(tmp_path, panel_extra=extra) == [
        ("jobs/worker.py", 3, "DW101", "worker"), ("web/app.py", 3, "DW101", "panel")]


def test_a_script_in_the_working_directory_set_by_compose_runs(tmp_path):
    extra = """    working_dir: /app/web
"""
    assert findings(tmp_path, panel_extra=extra) == [
        ("jobs/worker.py", 3, "DW101", "worker"), ("web/app.py", 3, "DW101", "panel")]
