"""A container receives requests only where its code may start a server.  A call named like a
server class of ``rules/clients.yaml`` (uvicorn's and hypercorn's ``Config``) starts one only
when it is that class: botocore's ``Config(region_name=...)`` in a consumer script is a client
option, so the route handlers of the web module the consumer imports never run there.  The
same name taken from uvicorn, or one the module does not import, may still start a server.
Nor does an attribute named like a process start that is only data: a model's field read
(``self.system`` where the class body says ``system = Field()``), a value only tested
(``if ref.start:``) or stored in a mapping (``{"url": ref.system}``), nor a module function's
name read on an element or a variable (``refs[0].system``: rules/flow.yaml
module_start_calls), only on a module (``os.system``); nor the ``.run()`` of
a class of the module that inherits ``run`` from another of its classes.  An attribute
handed to a call (``schedule(job.run)``) or a subclass of a library's server still may
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

CONSUMER = ('import pika\n'
            '{imports}'
            'from web import app\n\n'
            'STORE = {store}\n'
            '{code}'
            'params = pika.ConnectionParameters(host="mq")\n'
            'pika.BlockingConnection(params).channel().start_consuming()\n')


def _services(tmp_path, imports: str, store: str = "None", code: str = "") -> list[tuple[int, tuple[str, ...]]]:
    make(tmp_path, {
        "web.py": WEB,
        "consumer.py": CONSUMER.format(imports=imports, store=store, code=code),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "compose.yaml": ("services:\n  mq:\n    image: rabbitmq:3\n"
                         "  web:\n    build: .\n    command: python web.py\n    ports: ['8001:5000']\n"
                         "  queue:\n    build: .\n    command: python consumer.py\n"),
    }, git=True)
    return sorted((f.span.line, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active
                  if f.span.path == "web.py")


def test_another_librarys_config_class_starts_no_server(tmp_path):
    got = _services(tmp_path, "from botocore.config import Config\n", 'Config(region_name="eu-west-1")')
    assert got == [(9, ("web",))]


def test_the_same_class_named_through_its_module_starts_none_either(tmp_path):
    got = _services(tmp_path, "import botocore.config\n", 'botocore.config.Config(region_name="eu-west-1")')
    assert got == [(9, ("web",))]


def test_the_server_librarys_config_may_start_one(tmp_path):
    got = _services(tmp_path, "import uvicorn\n", 'uvicorn.Config(app, host="0.0.0.0", port=8002)')
    assert got == [(9, ("queue", "web"))]


def test_a_name_the_module_does_not_import_may_start_one(tmp_path):
    got = _services(tmp_path, "from web import *\n", 'Config(app)')
    assert got == [(9, ("queue", "web"))]


FIELD = ("class Record:\n    system = str('local')\n\n    def label(self):\n        return describe(self.system)\n\n\n"
         "def describe(value):\n    return value\n")
TESTED = "def check(ref):\n    if ref.start and ref.call:\n        return 1\n    return 0\n"
STORED = "def row(ref):\n    return {'url': ref.system, 'seen': SEEN[ref.spawn]}\n\n\nSEEN = {}\n"
INHERITED = ("class BaseJob:\n    def run(self):\n        return 1\n\n\nclass ExportJob(BaseJob):\n    pass\n\n\n"
             "ExportJob().run()\n")


ELEMENT = "def label(refs):\n    system = refs[0].system\n    return system\n"
MEMBER = "def label(ref, rows):\n    system = ref.system or rows.pop().call\n    return system\n"


@pytest.mark.parametrize("code", [FIELD, TESTED, STORED, ELEMENT, MEMBER],
                         ids=["field", "tested", "stored", "element", "variable"])
def test_attributes_that_are_only_data_start_nothing(tmp_path, code):
    assert _services(tmp_path, "", code=code) == [(9, ("web",))]


def test_a_run_inherited_from_a_class_of_the_module_is_its_own_code(tmp_path):
    assert _services(tmp_path, "", code=INHERITED) == [(9, ("web",))]


def test_an_attribute_handed_to_a_call_may_start_a_server(tmp_path):
    code = "def go(job, schedule):\n    schedule(job.run)\n"
    assert _services(tmp_path, "", code=code) == [(9, ("queue", "web"))]


def test_a_module_function_handed_on_may_start_a_program(tmp_path):
    code = "import os\n\n\ndef go(cmd):\n    run = os.system\n    return run(cmd)\n"
    assert _services(tmp_path, "", code=code) == [(9, ("queue", "web"))]


def test_a_subclass_of_a_library_server_may_start_one(tmp_path):
    code = ("import http.server\n\n\nclass Health(http.server.HTTPServer):\n    pass\n\n\n"
            "Health(('0.0.0.0', 9100), http.server.BaseHTTPRequestHandler).serve_forever()\n")
    assert _services(tmp_path, "", code=code) == [(9, ("queue", "web"))]
