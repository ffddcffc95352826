"""In a container whose program only imports the code (``celery -A app.tasks beat``), a dial
written in a function's body runs only if importing the modules calls that function: a module's
top level and what it calls, transitively (a class built there runs its constructor, and the
methods later called on it), a signal handler (``@beat_init.connect``), a method the framework
calls on loading, or a function the start command names (``flow/importtime.py``).  A helper that
only a task body calls runs in the worker, not in beat.  A script run before the runner (``python
check.py && celery beat``) runs the functions of the modules it reaches, as before."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = 'import os\n\nQDRANT_URL = os.getenv("QDRANT_URL", "http://localhost:6333")\n'
STORE = """\
from qdrant_client import QdrantClient

from app.config import QDRANT_URL


def build_client():
    return QdrantClient(url=QDRANT_URL)
{extra}"""
TASKS = """\
from celery import Celery
from celery.signals import beat_init

from app import store

celery = Celery("app", broker="redis://cache:6379/0")


@celery.task
def reindex():
    store.build_client().get_collections()
{extra}"""


def _services(tmp_path: Path, store: str = "", tasks: str = "", beat: str = "celery -A app.tasks beat -l info",
              extra: dict[str, str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  worker:\n    build: .\n    command: celery -A app.tasks worker -l info\n"
                        f"  beat:\n    build: .\n    command: {beat}\n"
                        "  cache:\n    image: redis:7\n"
                        "  qdrant:\n    image: qdrant/qdrant\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/config.py": CONFIG,
        "app/store.py": STORE.format(extra=store),
        "app/tasks.py": TASKS.format(extra=tasks),
        **(extra or {}),
    }, git=True)
    return sorted((f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_helper_only_a_task_calls_runs_in_the_worker_alone(tmp_path):
    assert _services(tmp_path) == [("DW101", ("worker",))]


@pytest.mark.parametrize("store, tasks", [
    # called at the module's top level
    ("\nCLIENT = build_client()\n", ""),
    # through another function the top level calls
    ("\n\ndef warm():\n    return build_client()\n\n\nWARM = warm()\n", ""),
    # a class built at import, and a method called on it there
    ("\n\nclass Pool:\n    def __init__(self):\n        self.ready = False\n\n"
     "    def open(self):\n        return build_client()\n\n\nPOOL = Pool()\nPOOL.open()\n", ""),
    # a class built through a lookup the code cannot spell (a registry, a loader's result)
    ("\n\nclass Pool:\n    def open(self):\n        return build_client()\n\n\n"
     "KINDS = {\"default\": Pool}\nPOOL = KINDS[\"default\"]()\nPOOL.open()\n", ""),
    # a thread started at import: the library's start() calls the class's own run()
    ("\n\nimport threading\n\n\nclass Warmer(threading.Thread):\n    def run(self):\n"
     "        build_client().get_collections()\n\n\nWarmer(daemon=True).start()\n", ""),
    # a signal handler the running beat calls
    ("", "\n\n@beat_init.connect\ndef on_start(**kwargs):\n    store.build_client().get_collections()\n"),
])
def test_what_importing_calls_runs_in_beat_too(tmp_path, store, tasks):
    assert _services(tmp_path, store=store, tasks=tasks) == [("DW101", ("beat", "worker"))]


def test_a_lazy_proxy_built_at_import_builds_its_client_on_first_use(tmp_path):
    store = ("\n\ndef get_client():\n    return build_client()\n\n\n"
             "class _Lazy:\n    def __getattr__(self, name):\n        return getattr(get_client(), name)\n\n\n"
             "client = _Lazy()\n")
    tasks = ""
    found = _services(tmp_path, store=store, tasks=tasks)
    assert found == [("DW101", ("worker",))]


def test_a_field_built_in_a_class_body_runs_only_what_is_called_on_it(tmp_path):
    # a library's field or serializer declared at import calls its methods when it is used
    # (a request, a task), not when it is built: only a self-running base (a thread) runs them
    store = ("\n\nfrom marshmallow import fields\n\n\nclass PoolField(fields.Field):\n"
             "    def _serialize(self, value, attr, obj, **kwargs):\n        return build_client()\n\n\n"
             "class Schema:\n    pool = PoolField()\n")
    assert _services(tmp_path, store=store) == [("DW101", ("worker",))]


def test_a_method_of_a_class_nothing_builds_at_import_does_not_run(tmp_path):
    store = "\n\nclass Pool:\n    def open(self):\n        return build_client()\n\n\ndef later():\n    Pool().open()\n"
    assert _services(tmp_path, store=store) == [("DW101", ("worker",))]


def test_a_script_run_before_the_runner_runs_the_functions_it_reaches(tmp_path):
    check = "from app import store\n\n\ndef main():\n    store.build_client().get_collections()\n\n\n" \
            "if __name__ == \"__main__\":\n    main()\n"
    found = _services(tmp_path, beat='sh -c "python check.py && celery -A app.tasks beat"', extra={"check.py": check})
    assert found == [("DW101", ("beat", "worker"))]


def test_a_search_cut_short_takes_every_function_to_run(monkeypatch):
    from dockwise.flow import importtime
    from dockwise.flow.index import parse_module
    mod = parse_module("m.py", "def a():\n    b()\n\n\ndef b():\n    pass\n\n\ndef c():\n    pass\n\n\na()\n")
    assert mod is not None
    assert importtime.import_time_defs([mod], frozenset(), frozenset()) == frozenset({("m.py", 1), ("m.py", 5)})
    monkeypatch.setattr(importtime, "_MAX_DEFS", 1)
    assert importtime.import_time_defs([mod], frozenset(), frozenset()) is None


# What importing runs is found by name; a name that resolves to no function of the project
# runs none: a builtin the module does not bind, a name or an object imported from a library.
@pytest.mark.parametrize("store, tasks", [
    # `set(...)` at the top level is the builtin, not the project's `def set`
    ("\n\ndef set(name):\n    return build_client()\n", "\nQUEUES = sorted(set([\"a\", \"b\"]))\n"),
    # `cast` imported from typing is typing's
    ("\n\ndef cast(value):\n    return build_client()\n",
     "\nfrom typing import cast\n\nQUEUE = cast(str, \"a\")\n"),
    # a method called on a library's module or object (`os.environ.get`) is the library's
    ("\n\nclass Pool:\n    def get(self, name):\n        return build_client()\n\n\nPOOL = Pool()\n",
     "\nimport os\n\nQUEUE = os.environ.get(\"QUEUE\", \"a\")\n"),
    # a generic class called with its type parameters builds that class, no class loaded by name
    ("\n\nclass Pool:\n    def open(self):\n        return build_client()\n",
     "\nfrom typing import Generic, TypeVar\n\nT = TypeVar(\"T\")\n\n\nclass Box(Generic[T]):\n"
     "    def open(self):\n        return None\n\n\nHANDLES = [Box[int]()]\nfor h in HANDLES:\n    h.open()\n"),
])
def test_a_name_of_no_project_function_runs_none(tmp_path, store, tasks):
    assert _services(tmp_path, store=store, tasks=tasks) == [("DW101", ("worker",))]


@pytest.mark.parametrize("store, tasks", [
    # the project's function imported under that name runs
    ("\n\ndef set(name):\n    return build_client()\n", "\nfrom app.store import set\n\nQUEUE = set(\"a\")\n"),
    # a method called on the project's own object runs
    ("\n\nclass Pool:\n    def get(self, name):\n        return build_client()\n\n\nPOOL = Pool()\n",
     "\nQUEUE = store.POOL.get(\"a\")\n"),
])
def test_the_projects_own_names_still_run(tmp_path, store, tasks):
    assert _services(tmp_path, store=store, tasks=tasks) == [("DW101", ("beat", "worker"))]
