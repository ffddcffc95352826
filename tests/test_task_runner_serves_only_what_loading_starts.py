"""A task runner that serves no requests (``celery -A app.tasks worker``) runs its tasks, which
the runner calls, not a server: a request reaches a route handler in its container only where a
server is started there, and of the code it runs the runner itself only loads the modules (their
top level, what that calls, a signal handler: flow/importtime.py).  A ``.run()`` or a
``subprocess.run`` written in a task's or a helper's body (a job object's own method, a tool
the task calls) does not make the worker a possible server, so a dial only a route handler of
the web module it imports makes is not judged there.  A program the worker starts while its
modules load (an exporter launched at the top level) still makes it one."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SEARCH = (
    "import os\n\nfrom elasticsearch import Elasticsearch\n\n"
    "INDEX_URL = os.getenv(\"INDEX_URL\", \"http://localhost:9200\")\n\n\n"
    "async def open_index():\n    return Elasticsearch(INDEX_URL)\n"
)
TASKS = (
    "import subprocess\n\nfrom celery import Celery\n\nfrom app import main  # noqa: F401\n"
    "from app.jobs import Job\n\n"
    "celery = Celery(\"app\", broker=\"redis://cache:6379/0\")\n{top}\n\n"
    "@celery.task\ndef run_job(job_id):\n    job = Job.load(job_id)\n    job.run()\n"
    "    subprocess.run([job.tool, job.path], check=True)\n"
)


def _services(tmp_path: Path, top: str) -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        "  worker:\n    build: .\n    command: celery -A app.tasks worker -l info\n"
                        "  cache:\n    image: redis:7\n"
                        "  index:\n    image: elasticsearch:8.13.0\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/search.py": SEARCH,
        "app/jobs.py": "class Job:\n    @classmethod\n    def load(cls, job_id):\n        return cls()\n\n"
                       "    def run(self):\n        return self.execute()\n",
        "app/tasks.py": TASKS.format(top=top),
        "app/main.py": "from fastapi import FastAPI\n\nfrom app.search import open_index\n\n"
                       "app = FastAPI()\n\n\n@app.get(\"/find\")\nasync def find():\n    return await open_index()\n",
    }, git=True)
    return [tuple(sorted(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_starts_in_task_bodies_make_no_server_of_the_worker(tmp_path):
    assert _services(tmp_path, "") == [("web",)]


@pytest.mark.parametrize("top", ["EXPORTER = subprocess.Popen([\"exporter\", \"--port\", \"9100\"])\n"])
def test_a_program_started_while_the_modules_load_may_serve(tmp_path, top):
    assert _services(tmp_path, top) == [("web", "worker")]
