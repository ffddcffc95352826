"""A route handler's body runs where a server receives requests.  A container that runs the
application only under a task-queue runner (``celery -A app.tasks worker``: a program that
consumes a broker and listens on no port, ``rules/commands.yaml`` runners) never receives
one, even where its tasks module imports the router's module: the handler's body is not
judged there.  A runner that serves web requests itself (``serves_requests``: faust's worker
web views) keeps it."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ROUTES = (
    "import requests\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
    "@router.get(\"/stats\")\ndef stats():\n    return requests.get(\"http://localhost:9400/stats\").json()\n"
)


def _services(tmp_path: Path, worker_cmd: str, extra_import: str = "") -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        "    ports: [\"8000:8000\"]\n"
                        f"  worker:\n    build: .\n    command: {worker_cmd}\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/routes.py": ROUTES,
        "app/main.py": "from fastapi import FastAPI\nfrom app.routes import router\n\n"
                       "app = FastAPI()\napp.include_router(router)\n",
        "app/tasks.py": "from celery import Celery\nfrom app import main  # noqa: F401  (the web app, which mounts the routes)\n" + extra_import + "\n"
                        "celery = Celery(\"app\", broker=\"redis://cache:6379/0\")\n\n\n"
                        "@celery.task\ndef ping():\n    return \"pong\"\n",
    }, git=True)
    return [(f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("cmd", ["celery -A app.tasks worker -l info", "celery -A app.tasks beat"])
def test_a_task_runner_serves_no_route(tmp_path, cmd):
    assert _services(tmp_path, cmd) == [("DW101", ("web",))]


def test_a_runner_with_its_own_web_server_may_serve(tmp_path):
    assert _services(tmp_path, "faust -A app.tasks worker") == [("DW101", ("web", "worker"))]


@pytest.mark.parametrize("script, served", [
    ("python app/check.py --strict", False),  # options only: the script's own code starts no server
    ("python app/check.py serve", True),  # a word that may name a subcommand that serves
])
def test_a_project_script_run_before_the_runner(tmp_path, script, served):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "check.py").write_text("import sys\n\nprint(sys.argv)\n")
    found = _services(tmp_path, f"sh -c '{script} && celery -A app.tasks worker'")
    assert found == [("DW101", ("web", "worker") if served else ("web",))]


@pytest.mark.parametrize("body, served", [
    ("    run = load_run(run_id)\n    return run.status\n", False),  # a local variable named like a server start
    ("    run(run_id)\n", True),  # a function of that name handed a value: may start a server
])
def test_a_variable_named_like_a_server_start_starts_nothing(tmp_path, body, served):
    (tmp_path / "app").mkdir()
    binding = "def load_run(run_id):\n    return run_id\n\n\n" if not served else "from somewhere import run\n\n\n"
    (tmp_path / "app" / "jobs.py").write_text(f"{binding}def finish(run_id):\n{body}")
    tasks_import = "from app import jobs  # noqa: F401\n"
    # (run as a script, which may call any function it reaches: a task runner counts only the
    # starts that loading the modules runs)
    found = _services(tmp_path, "python -m app.tasks", extra_import=tasks_import)
    assert found == [("DW101", ("web", "worker") if served else ("web",))]
