"""An import behind an environment selector (``match os.environ.get("STORE"): case "redis":
from app import redis_store``, or ``if os.getenv("STORE") == "redis":``) runs only in a
container whose environment selects that branch: the module it imports is not followed in a
service that sets the variable to another value, and is where the value is unknown."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.runs.selectors import gate_allows, selector_gates
from tests.conftest import make

MATCH = '''import os


def get_store():
    match os.environ.get("STORE"):
        case "memory":
            from app.memory_store import MemoryStore
            return MemoryStore()
        case "redis":
            from app.redis_store import RedisStore
            return RedisStore()
'''
IF_CHAIN = '''import os

KIND = os.getenv("STORE", "memory").lower()


def get_store():
    if KIND == "memory":
        from app.memory_store import MemoryStore
        return MemoryStore()
    elif KIND in ("redis", "valkey"):
        from app.redis_store import RedisStore
        return RedisStore()
'''
REDIS = 'import redis\n\n\nclass RedisStore:\n    def __init__(self):\n        self.r = redis.Redis(host="localhost", port=6379)\n'


def _flagged(tmp_path: Path, factory: str, services: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n" + services,
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"-m\", \"app.main\"]\n",
        "app/__init__.py": "",
        "app/main.py": "from app.factory import get_store\n\nstore = get_store()\n",
        "app/factory.py": factory,
        "app/memory_store.py": "class MemoryStore:\n    pass\n",
        "app/redis_store.py": REDIS,
    }, git=True)
    return sorted((f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def _svc(name: str, store: str | None) -> str:
    env = f"    environment:\n      STORE: {store}\n" if store is not None else ""
    return f"  {name}:\n    build: .\n{env}"


@pytest.mark.parametrize("factory", [MATCH, IF_CHAIN])
def test_a_branch_the_environment_does_not_select_imports_nothing(tmp_path, factory):
    assert _flagged(tmp_path, factory, _svc("api", "memory")) == []


@pytest.mark.parametrize("factory", [MATCH, IF_CHAIN])
def test_the_selected_branch_is_followed_per_service(tmp_path, factory):
    # two services of one image and start command, told apart by the variable only
    got = _flagged(tmp_path, factory, _svc("api", "memory") + _svc("worker", "redis"))
    assert got == [("app/redis_store.py", ("worker",))]


@pytest.mark.parametrize("factory", [MATCH, IF_CHAIN])
def test_an_unknown_environment_selects_nothing_out(tmp_path, factory):
    # an env_file that is not committed: the variable may hold anything
    services = "  api:\n    build: .\n    env_file: [.env.local]\n"
    assert _flagged(tmp_path, factory, services) == [("app/redis_store.py", ("api",))]


def test_a_wildcard_case_runs_where_no_literal_case_matched():
    text = MATCH.replace('case "redis":', "case _:")
    (_, first), (_, rest) = selector_gates(text)
    assert gate_allows(first, {"STORE": "memory"}) and not gate_allows(rest, {"STORE": "memory"})
    assert gate_allows(rest, {"STORE": "redis"}) and gate_allows(rest, None)


def test_other_conditions_leave_the_import_alone():
    text = "import os\n\nif os.getenv('A') == 'x' or FLAG:\n    import app.a\nif check(os.getenv('B')):\n    import app.b\n"
    assert selector_gates(text) == ()


def test_only_modules_with_an_import_in_a_branch_are_parsed():
    from dockwise.runs.selectors import _branch_import

    assert not _branch_import("import os\n\ndef load():\n    import json\n    return json\n")
    assert not _branch_import("def f():\n    if os.getenv('A'):\n        pass\n    import x\n")
    assert _branch_import("import os\nif os.getenv('DB') == 'mysql':\n    import app.mysql\n")
    assert _branch_import("match os.environ['S']:\n    case 'r':\n        from . import r\n")
    assert _branch_import("if FLAG:\n    try:\n        import a\n    except ImportError:\n        a = None\n")
