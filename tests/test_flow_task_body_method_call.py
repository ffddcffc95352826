"""A method of a plain class runs only where something calls it.  A call written only in a
background task's body runs where a worker executes the task: not under ``celery beat``,
nor in a container that only sends the task (``.delay()``) while another service runs a
worker.  A method the module calls when it is imported still runs in every container."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

BOOK = ('import os\n'
        'import requests\n\n\n'
        'class Directory:\n'
        '    def members(self):\n'
        '        return requests.get(os.environ["MEMBERS_URL"], timeout=5).json()\n\n'
        '    def warm(self):\n'
        '        requests.get(os.environ["WARMUP_URL"], timeout=5)\n')

TASKS = ('from celery import Celery\n'
         'from book import Directory\n\n'
         'app = Celery("tasks", broker="redis://kv:6379/0")\n'
         'directory = Directory()\n'
         'directory.warm()\n\n\n'
         '@app.task\n'
         'def roll_call():\n'
         '    for member in directory.members():\n'
         '        print(member)\n')

SERVE = ('from tasks import roll_call\n\n'
         'roll_call.delay()\n')

DOTENV = ("MEMBERS_URL=http://localhost:9411/all\n"
          "WARMUP_URL=http://localhost:9422/\n")


def findings(tmp_path) -> list[tuple[int, str, tuple[str, ...]]]:
    env = "    env_file: [app.env]\n"
    compose = ("services:\n  kv:\n    image: redis:7\n"
               "  worker:\n    build: .\n    command: celery -A tasks worker -l info\n" + env +
               "  scheduler:\n    build: .\n    command: celery -A tasks beat -l info\n" + env +
               "  front:\n    build: .\n    command: python serve.py\n" + env)
    make(tmp_path, {"book.py": BOOK, "tasks.py": TASKS, "serve.py": SERVE, "app.env": DOTENV,
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
                    "compose.yaml": compose}, git=True)
    return sorted({(f.span.line, f.code, tuple(f.services))
                   for f in run_check([tmp_path], Config(cache=False)).active if f.span.path == "app.env"})


def test_a_method_called_only_in_a_task_body_is_judged_for_the_worker(tmp_path):
    # MEMBERS_URL: `members` is called in the task's body alone; WARMUP_URL: `warm` at import
    assert findings(tmp_path) == [(1, "DW101", ("worker",)), (2, "DW101", ("front", "scheduler", "worker"))]
