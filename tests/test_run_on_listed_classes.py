"""A container receives requests only where its code may start a server.  A ``.run()`` on an
object built from a loop's name is the project's own code when every value the loop gives is a
class of the project that defines ``run`` (or inherits it from a class of its module):
``for kind in self.kinds: kind(row).run()`` with ``kinds = [ExportJob, PurgeJob]`` runs the
jobs, not a server, so a worker that imports the web module does not serve its routes.  A loop
over a parameter, or over a list holding a library's class, may still start one
(``flow/handlers.py`` ``_idle_starts``, ``_defines_in_module``)."""
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

JOBS = ('class BaseJob:\n'
        '    def __init__(self, row):\n'
        '        self.row = row\n\n'
        '    def run(self):\n'
        '        return self.row\n\n\n'
        'class ExportJob(BaseJob):\n'
        '    pass\n\n\n'
        'class PurgeJob(BaseJob):\n'
        '    pass\n')

WORKER = ('import pika\n'
          'from web import app\n'
          '{imports}\n\n'
          '{code}\n\n'
          'params = pika.ConnectionParameters(host="mq")\n'
          'pika.BlockingConnection(params).channel().start_consuming()\n')

CLASS_ATTR = ('class Runner:\n'
              '    kinds = [ExportJob, PurgeJob]\n\n'
              '    def handle(self, row):\n'
              '        for kind in self.kinds:\n'
              '            kind(row).run()\n\n'
              '    @staticmethod\n'
              '    def names():\n'
              '        for kind in Runner.kinds:\n'
              '            print(kind)\n')
MODULE_LIST = ('KINDS = (ExportJob, PurgeJob)\n\n\n'
               'def handle(row):\n'
               '    for kind in KINDS:\n'
               '        kind(row).run()\n')
LITERAL = ('def handle(row):\n'
           '    for kind in [ExportJob, PurgeJob]:\n'
           '        kind(row).run()\n')
PARAMETER = ('def handle(row, kinds):\n'
             '    for kind in kinds:\n'
             '        kind(row).run()\n')
REBOUND = ('def handle(row, kind=None):\n'
           '    for kind in [ExportJob, PurgeJob]:\n'
           '        kind(row).run()\n')
LIBRARY = ('def handle(row):\n'
           '    for kind in [ExportJob, Engine]:\n'
           '        kind(row).run()\n')


def _services(tmp_path, code: str, imports: str = "from jobs import ExportJob, PurgeJob") -> list[tuple[int, tuple[str, ...]]]:
    make(tmp_path, {
        "web.py": WEB,
        "jobs.py": JOBS,
        "worker.py": WORKER.format(imports=imports, code=code),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "compose.yaml": ("services:\n  mq:\n    image: rabbitmq:3\n"
                         "  web:\n    build: .\n    command: python web.py\n    ports: ['8001:5000']\n"
                         "  queue:\n    build: .\n    command: python worker.py\n"),
    }, git=True)
    return sorted((f.span.line, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active
                  if f.span.path == "web.py")


@pytest.mark.parametrize("code", [CLASS_ATTR, MODULE_LIST, LITERAL], ids=["class-attribute", "module-list", "literal"])
def test_a_run_of_project_classes_a_loop_takes_starts_no_server(tmp_path, code):
    assert _services(tmp_path, code) == [(9, ("web",))]


def test_classes_of_the_module_itself_as_well(tmp_path):
    code = JOBS + "\n\n" + LITERAL
    assert _services(tmp_path, code, imports="") == [(9, ("web",))]


@pytest.mark.parametrize("code", [PARAMETER, REBOUND], ids=["parameter", "rebound"])
def test_a_loop_over_values_not_known_may_start_one(tmp_path, code):
    assert _services(tmp_path, code) == [(9, ("queue", "web"))]


def test_a_list_holding_a_library_class_may_start_one(tmp_path):
    got = _services(tmp_path, LIBRARY, imports="from jobs import ExportJob\nfrom enginelib import Engine")
    assert got == [(9, ("queue", "web"))]
