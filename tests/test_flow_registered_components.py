"""A class registered in a component registry under a name (``@Registry.register("STORE_B")``,
``rules/flow.yaml`` registry_decorators) is built by a loader only where that name is
selected: the service's environment names it, or code the service runs does besides the
registration.  A name written only as the default of an environment read the service sets
selects nothing there."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

REGISTRY = '''class Registry:
    classes = {}

    @classmethod
    def register(cls, name):
        def wrap(klass):
            cls.classes[name] = klass
            return klass
        return wrap
'''
STORES = '''import redis

from app.registry import Registry


@Registry.register("STORE_A")
class MemoryStore:
    def __init__(self):
        self.items = {}


@Registry.register("STORE_B")
class RedisStore:
    def __init__(self):
        self.client = redis.Redis(host="localhost", port=6379)
'''
MAIN = '''import os

from app import stores
from app.registry import Registry

store = Registry.classes[os.getenv("STORE_NAME", "STORE_A")]()
{extra}'''


def findings(tmp_path, env: str, extra: str = "") -> list[int]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    build: .\n{env}",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"-m\", \"app.main\"]\n",
        "app/__init__.py": "",
        "app/registry.py": REGISTRY,
        "app/stores.py": STORES,
        "app/main.py": MAIN.replace("{extra}", extra),
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("env", ["    environment:\n      STORE_NAME: STORE_A\n", ""])
def test_a_component_no_one_selects_is_not_built(tmp_path, env):
    assert findings(tmp_path, env) == []


def test_the_component_the_environment_selects_is_built(tmp_path):
    assert findings(tmp_path, "    environment:\n      STORE_NAME: STORE_B\n") == [15]


def test_a_default_the_service_overrides_selects_nothing(tmp_path):
    env = "    environment:\n      STORE_NAME: STORE_A\n"
    main_default_b = 'other = Registry.classes[os.getenv("OTHER", "STORE_B")]\n'
    assert findings(tmp_path, env + "      OTHER: STORE_A\n", main_default_b) == []
    assert findings(tmp_path, env, main_default_b) == [15]  # OTHER unset: its default is built


def test_code_naming_the_component_selects_it(tmp_path):
    env = "    environment:\n      STORE_NAME: STORE_A\n"
    assert findings(tmp_path, env, 'cache = Registry.classes["STORE_B"]()\n') == [15]


# the component's dial sits in a helper function of a utility module, called only from the
# registered class's methods
HELPERS = '''import os

import redis

KV_URL = os.getenv("KV_URL", "redis://localhost:6380/0")


def open_kv():
    return redis.Redis.from_url(KV_URL)
'''
STORES_WITH_HELPER = '''from app.kv import open_kv
from app.registry import Registry


@Registry.register("STORE_A")
class MemoryStore:
    def __init__(self):
        self.items = {}


@Registry.register("STORE_B")
class RedisStore:
    def __init__(self):
        self.client = open_kv()
'''


@pytest.mark.parametrize("selected, lines", [("STORE_A", []), ("STORE_B", [5])])
def test_a_helper_called_only_by_a_component_runs_where_it_is_selected(tmp_path, selected, lines):
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    build: .\n    environment:\n      STORE_NAME: {selected}\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"-m\", \"app.main\"]\n",
        "app/__init__.py": "",
        "app/registry.py": REGISTRY,
        "app/kv.py": HELPERS,
        "app/stores.py": STORES_WITH_HELPER,
        "app/main.py": MAIN.replace("{extra}", ""),
    }, git=True)
    assert [f.span.line for f in run_check([tmp_path], Config(cache=False)).active] == lines


# the dial four plain functions below the component's method
DEEP_HELPERS = '''import os

import httpx

LLM_URL = os.getenv("LLM_URL", "http://localhost:8086")


def ask(prompt):
    return httpx.post(f"{LLM_URL}/v1/completions", json={"prompt": prompt})


def summarise(doc):
    return ask("summarise " + doc)


def extract(doc):
    return summarise(doc)


def ingest(doc):
    return extract(doc)
'''
STORES_DEEP = STORES_WITH_HELPER.replace("from app.kv import open_kv", "from app.kv import ingest") \
    .replace("self.client = open_kv()", "self.summary = ingest('doc')")


@pytest.mark.parametrize("selected, lines", [("STORE_A", []), ("STORE_B", [5])])
def test_a_chain_of_helpers_below_a_component_runs_where_it_is_selected(tmp_path, selected, lines):
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    build: .\n    environment:\n      STORE_NAME: {selected}\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"-m\", \"app.main\"]\n",
        "app/__init__.py": "",
        "app/registry.py": REGISTRY,
        "app/kv.py": DEEP_HELPERS,
        "app/stores.py": STORES_DEEP,
        "app/main.py": MAIN.replace("{extra}", ""),
    }, git=True)
    assert [f.span.line for f in run_check([tmp_path], Config(cache=False)).active] == lines


def test_a_comparison_or_a_message_naming_the_component_selects_nothing(tmp_path):
    env = "    environment:\n      STORE_NAME: STORE_A\n"
    tested = ('if os.getenv("STORE_NAME") == "STORE_B":\n    print("the store is STORE_B")\n'
              'if os.getenv("STORE_NAME") in ("STORE_B", "STORE_C"):\n    pass\n'
              'HELP = "set STORE_NAME to STORE_B for Redis"\n')
    assert findings(tmp_path, env, tested) == []
