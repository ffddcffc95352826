"""A module-level function runs only where something names it.  Three writings of its name name
something else: a method of the same name defined in a class (``def refresh(self)`` binds the
class's attribute), the name in a function's or a class's docstring (an example, even one that
reads like code), and the attribute of a parameter (``service.refresh()`` calls a method of the
object handed in).  A call of the module's function (``jobs.refresh()``, ``refresh()``) names it."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

JOBS = """\
import requests


def refresh():
    requests.post("http://localhost:9200/_refresh")
"""

MAIN = """\
from fastapi import FastAPI

from app import jobs
from app.cache import Cache

app = FastAPI()
{body}
"""

CACHE = """\
class Cache:
    def refresh(self):
        self.items = {}
"""


def _services(tmp_path: Path, body: str) -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n",
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/jobs.py": JOBS,
        "app/cache.py": CACHE,
        "app/main.py": MAIN.format(body=body),
    }, git=True)
    return [f.services for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"]


@pytest.mark.parametrize("body", [
    "cache = Cache()\n",  # only the method's own `def refresh(self)` writes the name
    'def enqueue(name):\n    """Send a job by its name.\n\n    Example::\n\n        enqueue("refresh")\n'
    '        refresh()\n    """\n    return name\n\n\nenqueue("warm")\n',  # a docstring's example
    "def warm(service):\n    service.refresh()\n\n\nwarm(Cache())\n",  # a parameter's method
])
def test_a_name_that_names_another_object_runs_nothing(tmp_path, body):
    assert _services(tmp_path, body) == []


@pytest.mark.parametrize("body", [
    "jobs.refresh()\n",
    "def warm():\n    jobs.refresh()\n\n\nwarm()\n",
    "def warm(service=jobs):\n    service = jobs\n    service.refresh()\n\n\nwarm()\n",  # bound again: may be the module
])
def test_a_call_of_the_function_runs_it(tmp_path, body):
    assert _services(tmp_path, body) == [("web",)]
