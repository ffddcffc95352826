"""A call of a method's name on an instance of another class (``Worker(...).start()`` in the
module of ``class Api: def start(self, host="127.0.0.1")``) is not a call of that method: it does
not keep the method's parameter default alive where every call of the method itself passes the
host. A call on an instance of a class derived from the method's still counts."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

API = '''import threading

import uvicorn


class Worker(threading.Thread):
    pass


class Api:
    def __init__(self):
        self.worker = Worker(target=print)

    def start(self, host="127.0.0.1", port=8000):
        self.worker.start()
        Worker(target=print).start()
        uvicorn.run("lib.api:app", host=host, port=port)


class LocalApi(Api):
    pass
'''

MAIN = '''from lib.api import Api, LocalApi


class Main:
    def __init__(self):
        self.api = Api()

    def run(self):
        {call}


Main().run()
'''


def findings(tmp_path, call: str, api_tail: str = "") -> list[int]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n    ports: ['8000:8000']\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"main.py\"]\n",
        "lib/__init__.py": "",
        "lib/api.py": API + api_tail,
        "main.py": MAIN.format(call=call),
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


def test_calls_on_other_classes_do_not_keep_the_default(tmp_path):
    assert findings(tmp_path, 'self.api.start(host="0.0.0.0")') == []


def test_a_call_of_the_method_keeping_the_default_binds_loopback(tmp_path):
    assert findings(tmp_path, 'self.api.start(host="0.0.0.0")\n        self.api.start(port=8000)') == [14]


def test_a_call_on_an_instance_of_a_derived_class_keeps_the_default(tmp_path):
    assert findings(tmp_path, 'self.api.start(host="0.0.0.0")', "\n\nLocalApi().start()\n") == [14]
