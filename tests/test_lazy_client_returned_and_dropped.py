"""A client that opens no connection when it is built (boto3's resource, SQLAlchemy's engine,
redis-py: ``rules/flow.yaml`` lazy_clients), returned as it is built by a module-level function
that the container's code calls only as a statement of its own (``prepare()`` on its line, in a
settings module), is dropped at once: it dials nothing, and its address is no finding there.
A call that keeps the result (``store = prepare()``, ``prepare().Table(...)``), a hand-on of the
function (``Depends(prepare)``), or a decorated function keeps the finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

FACTORY = ("import boto3\n\n\ndef prepare():\n"
           "    boto3.setup_default_session(region_name=\"eu-west-1\")\n"
           "    return boto3.resource(\"dynamodb\", endpoint_url=\"http://localhost:8000\")\n")


def _findings(tmp_path: Path, factory: str, caller: str) -> list[tuple[str, str, int]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: python webapp/main.py\n"
                        "  tables:\n    image: amazon/dynamodb-local\n    ports:\n      - \"8000:8000\"\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "webapp/__init__.py": "",
        "webapp/storage.py": factory,
        "webapp/main.py": caller,
    }, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_lazy_client_returned_to_a_call_that_drops_it_dials_nothing(tmp_path):
    caller = "from storage import prepare\n\nprepare()\nprint(\"ready\")\n"
    assert _findings(tmp_path, FACTORY, caller) == []


@pytest.mark.parametrize("factory, caller", [
    (FACTORY, "from storage import prepare\n\nstore = prepare()\nprint(store.Table(\"items\").item_count)\n"),
    (FACTORY, "from storage import prepare\n\nprint(prepare().Table(\"items\").item_count)\n"),
    (FACTORY, "import storage\n\nprepare = storage.prepare\nprepare()\nprint(storage.prepare().meta)\n"),
    ("import functools\n\n" + FACTORY.replace("def prepare", "@functools.lru_cache\ndef prepare"),
     "from storage import prepare\n\nprepare()\nprint(prepare().meta)\n"),
], ids=["assigned", "used-at-once", "attribute-call-kept", "decorated"])
def test_a_lazy_client_whose_result_is_kept_keeps_the_finding(tmp_path, factory, caller):
    found = _findings(tmp_path, factory, caller)
    assert [(code, path) for code, path, _ in found] == [("DW101", "webapp/storage.py")]


def test_a_task_queue_app_built_by_a_dropped_call_is_still_the_current_app(tmp_path):
    # Celery's app makes itself the current app when built: `shared_task` sends on it
    factory = ("from celery import Celery\n\n\ndef make_queue():\n"
               "    return Celery(\"jobs\", broker=\"redis://localhost:6379/0\")\n")
    caller = ("from celery import shared_task\n\nfrom storage import make_queue\n\nmake_queue()\n\n\n"
              "@shared_task\ndef ping():\n    return 1\n\n\nping.delay()\n")
    found = _findings(tmp_path, factory, caller)
    assert [(code, path) for code, path, _ in found] == [("DW101", "webapp/storage.py")]
