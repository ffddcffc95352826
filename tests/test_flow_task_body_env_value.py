"""A value of the layout (a service's ``environment`` entry) that the code dials only in a
background task's body, directly or through a helper the body calls, is dialled where a
worker executes the task: not under ``celery beat``, which only sends task messages, nor in
a web container that only sends the task (``.delay()``) while another service runs a worker.
The same holds for a literal in the code; a value dialled at the module's top level is still
dialled in every container that imports it."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

TASKS = ('import os\n'
         'import requests\n'
         'from celery import Celery\n'
         'from relay import forward\n\n'
         'app = Celery("tasks", broker="redis://kv:6379/0")\n'
         'HOOK = os.environ["HOOK_URL"]\n'
         'requests.get(os.environ["WARM_URL"], timeout=3)\n\n\n'
         '@app.task\n'
         'def ping():\n'
         '    requests.post(HOOK + "/notify", json={})\n\n\n'
         '@app.task\n'
         'def batch(items):\n'
         '    forward("/items", items)\n')

RELAY = ('import os\n'
         'import requests\n\n'
         'TARGET = os.getenv("RELAY_URL")\n\n\n'
         'def forward(path, data):\n'
         '    requests.post(TARGET + path, json=data)\n')

SERVE = ('from tasks import ping, batch\n\n'
         'ping.delay()\n'
         'batch.delay([1, 2])\n')

ENV = "    env_file: [app.env]\n"
DOTENV = ("HOOK_URL=http://localhost:9311\n"
          "RELAY_URL=http://localhost:9322\n"
          "WARM_URL=http://localhost:9333\n")


def findings(tmp_path) -> list[tuple[int, str, tuple[str, ...]]]:
    compose = ("services:\n  kv:\n    image: redis:7\n"
               "  worker:\n    build: .\n    command: celery -A tasks worker -l info\n" + ENV +
               "  scheduler:\n    build: .\n    command: celery -A tasks beat -l info\n" + ENV +
               "  front:\n    build: .\n    command: python serve.py\n" + ENV)
    make(tmp_path, {"tasks.py": TASKS, "relay.py": RELAY, "serve.py": SERVE, "app.env": DOTENV,
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
                    "compose.yaml": compose}, git=True)
    return sorted({(f.span.line, f.code, tuple(f.services))
                   for f in run_check([tmp_path], Config(cache=False)).active if f.span.path == "app.env"})


def test_an_environment_value_dialled_only_in_task_bodies_is_judged_for_the_worker(tmp_path):
    # HOOK_URL (dialled in a task's body) and RELAY_URL (in a helper only a task's body calls):
    # the worker alone; WARM_URL, dialled when the module is imported: every container
    assert findings(tmp_path) == [(1, "DW101", ("worker",)), (2, "DW101", ("worker",)),
                                  (3, "DW101", ("front", "scheduler", "worker"))]
