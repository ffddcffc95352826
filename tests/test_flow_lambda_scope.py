"""A name read inside a lambda (``Thread(target=lambda: app.run(port=port))``) is one of the
scope around it: the flow reads its values there (a lambda's body is an expression and
assigns nothing), instead of failing on that body as if it were a list of statements."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = '''import os
import threading

from flask import Flask

app = Flask(__name__)


def main():
    port = os.environ.get("APP_URI", "localhost:6001").split(":")[-1]
    threading.Thread(target=lambda: app.run(host="127.0.0.1", port=port)).start()


main()
'''


def test_a_lambda_reads_the_names_of_the_scope_around_it(tmp_path: Path):
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    ports: ['6001:6001']\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"app.py\"]\n",
        "app.py": APP,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert not [e for e in result.errors if e.kind == "internal"]
    assert [(f.code, f.span.line) for f in result.active] == [("DW201", 11)]
