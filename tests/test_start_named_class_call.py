"""A container receives requests only where its code may start a server or another program.
A call named like one (``spawn``, ``run``, ``start``) made on a class of the project that
defines that method itself (``Job.spawn("nightly")``, a class method queueing a job) runs the
project's own code, whose starts are looked for where they are written: it is not
``os.spawn*``.  So a worker that imports the web module for its models does not serve its
routes, and a dial in a route handler is not the worker's.  The same call on a library's class,
or on a project class that only inherits the method from a library, may still start one
(``flow/handlers.py`` ``_idle_starts``)."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WEB = ('import requests\n'
       'from flask import Flask\n\n'
       'app = Flask(__name__)\n\n\n'
       '@app.route("/orders", methods=["POST"])\n'
       'def order():\n'
       '    requests.post("http://localhost:7070/ledger", json={})\n'
       '    return {}\n\n\n'
       'if __name__ == "__main__":\n'
       '    app.run(host="0.0.0.0", port=5000)\n')

JOBS = ('class Job:\n'
        '    def __init__(self, name):\n'
        '        self.name = name\n\n'
        '    @classmethod\n'
        '    def spawn(cls, name):\n'
        '        return cls(name)\n\n'
        '    @staticmethod\n'
        '    def run(name):\n'
        '        return name\n')

INHERITED = ('from enginelib import Engine\n\n\n'
             'class Job(Engine):\n'
             '    pass\n')

WORKER = ('import pika\n'
          'from web import app\n'
          '{imports}\n\n\n'
          'def handle(body):\n'
          '    Job.spawn(body)\n'
          '    Job.run(body)\n\n\n'
          'params = pika.ConnectionParameters(host="mq")\n'
          'pika.BlockingConnection(params).channel().start_consuming()\n')


def _services(tmp_path, imports: str, jobs: str = JOBS) -> list[tuple[int, tuple[str, ...]]]:
    make(tmp_path, {
        "web.py": WEB,
        "jobs.py": jobs,
        "worker.py": WORKER.format(imports=imports),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "compose.yaml": ("services:\n  mq:\n    image: rabbitmq:3\n"
                         "  web:\n    build: .\n    command: python web.py\n    ports: ['8001:5000']\n"
                         "  queue:\n    build: .\n    command: python worker.py\n"),
    }, git=True)
    return sorted((f.span.line, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active
                  if f.span.path == "web.py")


def test_a_start_named_call_on_a_project_class_defining_it_starts_nothing(tmp_path):
    assert _services(tmp_path, "from jobs import Job") == [(9, ("web",))]


def test_a_class_of_the_module_itself_as_well(tmp_path):
    assert _services(tmp_path, JOBS) == [(9, ("web",))]


@pytest.mark.parametrize("imports, jobs", [("from enginelib import Job", JOBS), ("from jobs import Job", INHERITED)],
                         ids=["library-class", "inherited-from-a-library"])
def test_recall_the_call_on_a_class_not_defining_it_may_start_one(tmp_path, imports, jobs):
    assert _services(tmp_path, imports, jobs) == [(9, ("queue", "web"))]
