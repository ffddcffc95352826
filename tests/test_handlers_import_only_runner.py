"""A runner that only imports the project's modules serves no request, whatever their functions do.

``celery -A app.tasks beat`` (and a monitor such as ``celery -A app.tasks inspect``) imports
the app module for its configuration and schedule and runs none of the project's functions:
no task body, no route handler.  A helper somewhere in the modules it imports that would start
a program or an event loop if called (``loop.run_until_complete(job)``, ``subprocess.run(cmd)``)
never runs there, so the route handler's dial is not judged in the beat container.  Nor in a
worker's: it runs task bodies, which the runner calls, no server's entry, and counts only the
starts that loading the modules runs; a script run before the runner may call the helper, and
a start at a module's top level runs on import in beat too.
"""
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

HELPER_IN_FUNCTION = (
    "import asyncio\nimport subprocess\n\n\n"
    "def run_sync(job):\n    loop = asyncio.new_event_loop()\n    return loop.run_until_complete(job)\n\n\n"
    "def install(cmd):\n    return subprocess.run(cmd)\n"
)

START_AT_TOP_LEVEL = (
    "import threading\nfrom somewhere import serve_all\n\n\nthreading.Thread(target=serve_all).start()\n"
)


def _services(tmp_path: Path, command: str, helpers: str = HELPER_IN_FUNCTION,
              extra: dict[str, str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        **(extra or {}),
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        "    ports: [\"8000:8000\"]\n"
                        f"  other:\n    build: .\n    command: {command}\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/routes.py": ROUTES,
        "app/helpers.py": helpers,
        "app/main.py": "from fastapi import FastAPI\nfrom app.routes import router\n\n"
                       "app = FastAPI()\napp.include_router(router)\n",
        "app/tasks.py": "from celery import Celery\nfrom app import main  # noqa: F401  (the web app, which mounts the routes)\nfrom app import helpers  # noqa: F401\n\n"
                        "celery = Celery(\"app\", broker=\"redis://cache:6379/0\")\n\n\n"
                        "@celery.task\ndef ping():\n    return \"pong\"\n",
    }, git=True)
    return [(f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("command", ["celery -A app.tasks beat -l info", "celery -A app.tasks inspect ping"])
def test_an_import_only_runner_serves_no_request(tmp_path, command):
    assert _services(tmp_path, command) == [("DW101", ("web",))]


def test_a_script_run_before_it_runs_only_what_it_reaches(tmp_path):
    # `python scripts/check_env.py && celery beat`: the script runs its own modules' functions,
    # not those of the modules only beat imports
    files = {"scripts/check_env.py": "import os\n\nassert os.environ.get(\"HOME\")\n"}
    command = "sh -c \"python scripts/check_env.py && celery -A app.tasks beat -l info\""
    assert _services(tmp_path, command, extra=files) == [("DW101", ("web",))]


def test_a_script_run_before_it_that_reaches_the_helpers_may_serve(tmp_path):
    files = {"scripts/check_env.py": "from app import helpers\n\nhelpers.install([\"true\"])\n"}
    command = "sh -c \"python scripts/check_env.py && celery -A app.tasks beat -l info\""
    assert _services(tmp_path, command, extra=files) == [("DW101", ("other", "web"))]


def test_a_worker_counts_only_the_starts_loading_runs(tmp_path):
    assert _services(tmp_path, "celery -A app.tasks worker -l info") == [("DW101", ("web",))]
    assert _services(tmp_path, "celery -A app.tasks worker -l info", START_AT_TOP_LEVEL) == [("DW101", ("other", "web"))]


def test_a_start_at_a_module_top_level_runs_on_import(tmp_path):
    assert _services(tmp_path, "celery -A app.tasks beat -l info", START_AT_TOP_LEVEL) == [("DW101", ("other", "web"))]
