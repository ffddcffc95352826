"""A registry of alternatives (a dict mapping provider names to the dotted paths of the
classes implementing them, read one key at a time) imports only the provider the
configuration names, at run time: a module named only there is not evidence that the
container runs it, so a value dialled only in one provider's module is not reported for
every provider the code supports.  A dict that is iterated (every entry is loaded), a
provider module also imported plainly, and settings-style upper-case keys are followed."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.runs.scan import scan_module
from tests.conftest import make

REGISTRY = '''import importlib


def load(path):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


class CacheFactory:
    # provider name -> implementation
    backends = {
        "memory": "app.caches.memory.MemoryCache",
        "local_redis": ("app.caches.local_redis.LocalRedis", dict),
    }

    @classmethod
    def create(cls, provider):
        path = cls.backends.get(provider)
        if isinstance(path, tuple):
            path = path[0]
        return load(path)()
'''
ITERATED = REGISTRY.replace('''    @classmethod
    def create''', '''    @classmethod
    def warm_all(cls):
        return [load(p if isinstance(p, str) else p[0]) for p in cls.backends.values()]

    @classmethod
    def create''')
UPPER = REGISTRY.replace('"memory":', '"MEMORY":').replace('"local_redis":', '"LOCAL_REDIS":')
LOCAL_REDIS = '''import redis


class LocalRedis:
    def __init__(self):
        self.client = redis.Redis(host="localhost", port=6379)
'''


def _flagged(tmp_path: Path, factory: str, main: str = "from app.factory import CacheFactory\n") -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n  redis:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"-m\", \"app.main\"]\n",
        "app/__init__.py": "",
        "app/main.py": main + "\ncache = CacheFactory.create('memory')\n",
        "app/factory.py": factory,
        "app/caches/__init__.py": "",
        "app/caches/memory.py": "class MemoryCache:\n    pass\n",
        "app/caches/local_redis.py": LOCAL_REDIS,
    }, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_provider_named_only_by_a_registry_read_by_key_is_not_run(tmp_path):
    assert _flagged(tmp_path, REGISTRY) == []


def test_a_registry_subscripted_is_read_by_key_too(tmp_path):
    factory = REGISTRY.replace("cls.backends.get(provider)", "cls.backends[provider]")
    assert _flagged(tmp_path, factory) == []


def test_recall_a_registry_whose_entries_are_all_loaded_is_followed(tmp_path):
    assert _flagged(tmp_path, ITERATED) == ["app/caches/local_redis.py"]


def test_recall_a_provider_also_imported_plainly_runs(tmp_path):
    main = "from app.factory import CacheFactory\nfrom app.caches.local_redis import LocalRedis\n"
    assert _flagged(tmp_path, REGISTRY, main) == ["app/caches/local_redis.py"]


def test_recall_the_default_provider_is_followed(tmp_path):
    # the module chooses a provider by default (a parameter default, a configuration fallback)
    factory = REGISTRY.replace("def create(cls, provider):", 'def create(cls, provider="local_redis"):')
    assert _flagged(tmp_path, factory) == ["app/caches/local_redis.py"]
    factory = REGISTRY.replace("path = cls.backends.get(provider)",
                               "path = cls.backends.get(provider or CONFIG.get('cache', 'local_redis'))")
    assert _flagged(tmp_path, factory) == ["app/caches/local_redis.py"]


SETTINGS = 'import os\n\nPROVIDER = os.getenv("CACHE_PROVIDER", "memory")\n'


def _chosen_elsewhere(tmp_path: Path, settings: str, environment: str = "") -> list[str]:
    """The provider is chosen in another module the container runs, or by its environment."""
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n" + environment + "  redis:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"-m\", \"app.main\"]\n",
        "app/__init__.py": "",
        "app/settings.py": settings,
        "app/main.py": "from app import settings\nfrom app.factory import CacheFactory\n\n"
                       "cache = CacheFactory.create(settings.PROVIDER)\n",
        "app/factory.py": REGISTRY,
        "app/caches/__init__.py": "",
        "app/caches/memory.py": "class MemoryCache:\n    pass\n",
        "app/caches/local_redis.py": LOCAL_REDIS,
    }, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("settings", [
    SETTINGS.replace('"memory"', '"local_redis"'),
    'import os\n\nPROVIDER = os.environ.get("CACHE_PROVIDER") or "local_redis"\n',
    'from pydantic_settings import BaseSettings\n\n\nclass S(BaseSettings):\n    provider: str = "local_redis"\n\n\n'
    'PROVIDER = S().provider\n',
])
def test_recall_a_default_provider_chosen_in_another_module_is_followed(tmp_path, settings):
    assert _chosen_elsewhere(tmp_path, settings) == ["app/caches/local_redis.py"]


def test_recall_a_provider_the_environment_chooses_is_followed(tmp_path):
    env = "    environment:\n      CACHE_PROVIDER: local_redis\n"
    assert _chosen_elsewhere(tmp_path, SETTINGS, env) == ["app/caches/local_redis.py"]


@pytest.mark.parametrize("settings", [
    SETTINGS,  # another provider is the default
    SETTINGS + '\nUSES_REDIS = PROVIDER == "local_redis"\n',  # a comparison chooses nothing
])
def test_a_provider_only_compared_elsewhere_is_not_run(tmp_path, settings):
    assert _chosen_elsewhere(tmp_path, settings) == []


def test_recall_upper_case_keys_are_settings_not_providers(tmp_path):
    assert _flagged(tmp_path, UPPER) == ["app/caches/local_redis.py"]


@pytest.mark.parametrize("text, named", [
    (REGISTRY, False),
    (ITERATED, True),
    (UPPER, True),
    # one key only: nothing to choose between
    ('BACKENDS = {\n    "redis": "app.caches.local_redis.LocalRedis",\n}\nX = BACKENDS.get(k)\n', True),
    # a membership test is a lookup, a loop over the keys is not
    (REGISTRY + "\n\ndef known(p):\n    return p in CacheFactory.backends\n", False),
    (REGISTRY + "\n\ndef every():\n    for p in CacheFactory.backends:\n        yield p\n", True),
    # a comment after the brace, a type annotation on the name
    (REGISTRY.replace("backends = {", "backends: dict = {  # by provider"), False),
    # an entry spread over several lines: not a registry of one-line entries (followed)
    (REGISTRY.replace('"local_redis": (', '"local_redis": (\n            '), True),
])
def test_scan_leaves_out_the_alternatives_only(text, named):
    assert ("app.caches.local_redis.LocalRedis" in scan_module(text).dotted) is named
