"""A backend switch on an attribute the constructor copies from its parameter (``self.backend =
backend.lower()`` above ``if self.backend == "redis":``), whose callers hand on a parameter of
their own that every call leaves at its default (``get_store()`` of ``def get_store(backend=
"memory", url="redis://localhost:6379/2"): return Store(backend=backend, url=url)``), never takes
the branch: the URL it dials there is dialled nowhere (another module's class of the same name,
built or subclassed there, is not ours).  A call that picks the backend, or an attribute rebound
elsewhere in the constructor, keeps the dial."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  notes:\n    build: .\n    command: python -m notes\n"
           "  cache:\n    image: redis:7\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
STORE = '''\
import redis


class Store:
    def __init__(self, backend: str = "memory", url: str = "redis://cache:6379/0"):
        self.backend = backend.lower()
        self.items = {{}}
        self.client = None
{extra}        if self.backend == "redis":
            self.client = redis.from_url(url)


def get_store(backend: str = "memory", url: str = "redis://localhost:6379/2") -> Store:
    return Store(backend=backend, url=url)
'''
MAIN = '''\
from notes.store import get_store

store = get_store({args})
store.items["a"] = 1
'''


def flagged(tmp_path: Path, args: str = "", extra: str = "", more: dict[str, str] | None = None) \
        -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "notes/__init__.py": "",
                    "notes/store.py": STORE.format(extra=extra), "notes/__main__.py": MAIN.format(args=args),
                    **(more or {})}, git=True)
    res = run_check([tmp_path], Config(cache=False))
    return [(f.span.path, f.span.line, f.code) for f in res.active]


def test_backend_every_call_leaves_at_memory_never_dials(tmp_path):
    assert flagged(tmp_path) == []


def test_another_modules_class_of_that_name_does_not_hide_the_calls(tmp_path):
    # `class Store` of an archive module, subclassed there, names its own class, not ours
    archive = "class Store:\n    pass\n\n\nclass ColdStore(Store):\n    pass\n"
    audit = "from notes.archive import Store\n\n\nclass Audit(Store):\n    pass\n"
    main = MAIN.format(args="") + "import notes.archive\nimport notes.audit\n"
    assert flagged(tmp_path, more={"notes/archive.py": archive, "notes/audit.py": audit,
                                   "notes/__main__.py": main}) == []


def test_a_call_picking_the_backend_dials(tmp_path):
    # recall guard: `get_store("Redis")` takes the branch (the alias lower-cases it)
    assert flagged(tmp_path, args='"Redis"') == [("notes/store.py", 13, "DW101")]


def test_an_attribute_bound_again_keeps_the_dial(tmp_path):
    # recall guard: the constructor sets the switch from elsewhere too
    extra = '        if not self.items:\n            self.backend = "redis"\n'
    assert flagged(tmp_path, extra=extra) == [("notes/store.py", 15, "DW101")]
