"""An environment dockwise cannot read builds a class no code names only where code loads
classes by name.

A class that only code naming it can build (``class Fetcher``, built in a task's body) runs
its methods where that code runs: under ``celery beat`` a task's body never runs, so the
client the fetcher builds is the worker's finding alone.  The service's environment may also
name a class for code to load (``BACKEND=app.fetch.Fetcher`` read by ``import_string``), and
an ``env_file`` absent from the tree (a ``.env`` kept out of git, the common case) is an
environment dockwise cannot read.  That alone used to keep every such class built in every
container with a missing ``.env``; it now does only where code the container runs makes a
call of ``rules/flow.yaml`` name_loaders.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  worker:
    build: .
    command: celery -A app.tasks worker
    env_file: [.env]
  beat:
    build: .
    command: celery -A app.tasks beat
    env_file: [.env]
  redis:
    image: redis:7
"""

CLIENT = """\
import httpx


class Client:
    def __init__(self, base_url: str = "http://localhost:8765"):
        self.base_url = base_url

    def post(self, payload):
        return httpx.post(f"{self.base_url}/jobs", json=payload)


class Fetcher:
    def __init__(self):
        self.client = Client()

    def run(self, item):
        return self.client.post(item)
"""

TASKS = """\
from celery import Celery

{loader}
app = Celery("app", broker="redis://redis:6379/0")


@app.task
def fetch(item):
    from app.fetch import Fetcher
    return Fetcher().run(item)
"""


def _services(tmp_path: Path, loader: str = "", dotenv: str | None = None) -> list[tuple[str, ...]]:
    files = {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/fetch.py": CLIENT,
        "app/tasks.py": TASKS.format(loader=loader),
    }
    if dotenv is not None:
        files[".env"] = dotenv
    make(tmp_path, files, git=True)
    return [f.services for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"]


def test_missing_env_file_builds_no_class_where_nothing_loads_by_name(tmp_path):
    assert _services(tmp_path) == [("worker",)]


def test_a_readable_env_file_gives_the_same_answer(tmp_path):
    assert _services(tmp_path, dotenv="LOG_LEVEL=info\n") == [("worker",)]


# (beat only imports the code: what the loader returns must be used as the module is imported,
# tests/test_import_time_calls.py)
@pytest.mark.parametrize("loader", [
    "import os\nfrom django.utils.module_loading import import_string\n"
    "BACKEND = import_string(os.environ.get('BACKEND', 'app.fetch.Fetcher'))\nBACKEND().run(None)",
    "import importlib, os\nplugin = importlib.import_module(os.environ['PLUGIN'])\n"
    "getattr(plugin, os.environ['CLASS'])().run(None)",
])
def test_missing_env_file_may_name_a_class_where_code_loads_by_name(tmp_path, loader):
    assert _services(tmp_path, loader=loader) == [("beat", "worker")]


def test_a_class_loaded_by_name_but_not_used_on_import_runs_nothing_in_beat(tmp_path):
    loader = ("import os\nfrom django.utils.module_loading import import_string\n"
              "BACKEND = import_string(os.environ.get('BACKEND', 'app.fetch.Fetcher'))")
    assert _services(tmp_path, loader=loader) == [("worker",)]
