"""A class field whose default a factory makes, ``field(default_factory=lambda: os.getenv(
"CACHE_REDIS_URL", "redis://localhost:6379/0"))``, is followed to the field's reads as a default
written out would be (``rules/flow.yaml`` field_factories, ``_field_factory`` in
``flow/climb.py``): a container whose code hands the field to a client is judged there, and one
that imports the configuration module but never dials the field is not reported by the
variable's name alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = ("import os\nfrom dataclasses import dataclass, field\n\n\n@dataclass\nclass StoreConfig:\n"
          "    cache_url: str = field(default_factory=lambda: os.getenv('CACHE_REDIS_URL', 'redis://localhost:6379/0'))\n"
          "    label: str = field(default_factory=lambda: os.getenv('LABEL', 'x'))\n\n\n"
          "@dataclass\nclass AppConfig:\n    store: StoreConfig = field(default_factory=StoreConfig)\n\n"
          "    def __post_init__(self):\n        self.cache_url = self.store.cache_url\n")
DIALS = ("import redis\n\nfrom config import StoreConfig\n\ncfg = StoreConfig()\n"
         "client = redis.Redis.from_url(cfg.cache_url)\nclient.ping()\n")
IDLE = ("from config import AppConfig, StoreConfig\n\ncfg = AppConfig(store=StoreConfig())\n"
        "print(cfg.store.label)\n")


def findings(tmp_path: Path, config: str = CONFIG) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {"compose.yaml": "services:\n  dialer:\n    build: .\n    command: python dials.py\n"
                                    "  idler:\n    build: .\n    command: python idle.py\n"
                                    "  cache:\n    image: redis:7\n",
                    "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                    "config.py": config, "dials.py": DIALS, "idle.py": IDLE}, git=True)
    return sorted((f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def test_only_the_container_that_dials_the_field_is_reported(tmp_path):
    assert findings(tmp_path) == [("DW101", ("dialer",))]


@pytest.mark.parametrize("decl", ["attr.ib(factory=lambda: os.getenv('CACHE_REDIS_URL', 'redis://localhost:6379/0'))"])
def test_attrs_factory_too(tmp_path, decl):
    config = ("import os\n\nimport attr\n\n\n@attr.s\nclass StoreConfig:\n"
              f"    cache_url = {decl}\n    label = attr.ib(default='x')\n\n\n"
              "@attr.s\nclass AppConfig:\n    store = attr.ib(factory=StoreConfig)\n\n"
              "    def __attrs_post_init__(self):\n        self.cache_url = self.store.cache_url\n")
    assert findings(tmp_path, config) == [("DW101", ("dialer",))]


@pytest.mark.parametrize("decl", ["field(default=os.getenv('CACHE_REDIS_URL', 'redis://localhost:6379/0'))"])
def test_a_default_given_by_keyword_too(tmp_path, decl):
    """``field(default=os.getenv(...))`` (rules/flow.yaml field_defaults) is the field's default
    as well: the container that never dials the field is not reported by the variable's name."""
    config = CONFIG.replace("field(default_factory=lambda: os.getenv('CACHE_REDIS_URL', "
                            "'redis://localhost:6379/0'))", decl)
    assert decl in config
    assert findings(tmp_path, config) == [("DW101", ("dialer",))]


def test_attrs_default_by_keyword(tmp_path):
    config = ("import os\n\nimport attr\n\n\n@attr.s\nclass StoreConfig:\n"
              "    cache_url = attr.ib(default=os.getenv('CACHE_REDIS_URL', 'redis://localhost:6379/0'))\n"
              "    label = attr.ib(default='x')\n\n\n"
              "@attr.s\nclass AppConfig:\n    store = attr.ib(factory=StoreConfig)\n\n"
              "    def __attrs_post_init__(self):\n        self.cache_url = self.store.cache_url\n")
    assert findings(tmp_path, config) == [("DW101", ("dialer",))]


@pytest.mark.parametrize("metadata, found", [
    ("", [("DW101", ("dialer",))]),
    # a provider's form schema marks the field required: the operator gives it, and the
    # default only fills the form
    (", metadata={'required': True, 'description': 'Cache URL'}", []),
    (", metadata={'required': False}", [("DW101", ("dialer",))]),
])
def test_a_default_of_a_field_its_metadata_marks_required(tmp_path, metadata, found):
    decl = f"field(default='redis://localhost:6379/0'{metadata})"
    config = CONFIG.replace("field(default_factory=lambda: os.getenv('CACHE_REDIS_URL', "
                            "'redis://localhost:6379/0'))", decl)
    assert decl in config
    assert findings(tmp_path, config) == found
