"""A configuration model that is one variant of a tagged union (``type: Literal["x"] = "x"``)
is built only where the operator's configuration selects that variant, from what it gives:
its field defaults are what an operator configures, not the container's address.  An
untagged settings model's default is still the value the service dials."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = "services:\n  web:\n    build: .\n    command: python -m app\n"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
MAIN = ("import yaml\n\nfrom app.stores import StoreSettings, connect\n\n"
        "connect(StoreSettings(**yaml.safe_load(open('store.yaml'))))\n")
STORES = '''\
from typing import Literal, Union

import pymongo
import redis
from pydantic import BaseModel


class StoreSettings(BaseModel):
    {tag}
    url: str = "mongodb://localhost:27017"


class CacheSettings(BaseModel):
    kind: Literal["cache"] = "cache"
    address: str = "redis://localhost:6379/0"


def connect(cfg: Union[StoreSettings, CacheSettings]):
    if isinstance(cfg, CacheSettings):
        return redis.Redis.from_url(cfg.address)
    return pymongo.MongoClient(cfg.url)
'''


def flagged(tmp_path: Path, tag: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": MAIN, "app/stores.py": STORES.format(tag=tag)}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_the_defaults_of_a_tagged_variant_are_the_operators(tmp_path):
    assert flagged(tmp_path, 'type: Literal["mongo"] = "mongo"') == []


def test_an_untagged_model_default_is_dialled(tmp_path):
    # a Literal of several values is a choice, not the variant's tag: the cache stays silent
    assert flagged(tmp_path, 'mode: Literal["a", "b"] = "a"') == [("app/stores.py", 10, "DW101")]


def test_an_environment_filled_settings_class_keeps_its_defaults(tmp_path):
    settings = ('from typing import Literal\n\nimport pymongo\nfrom pydantic_settings import BaseSettings\n\n\n'
                'class Settings(BaseSettings):\n    service: Literal["api"] = "api"\n'
                '    mongo_url: str = "mongodb://localhost:27017"\n\n\n'
                'client = pymongo.MongoClient(Settings().mongo_url)\n')
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": "from app import config\n", "app/config.py": settings}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert sorted((f.span.path, f.span.line, f.code) for f in result.active) == [("app/config.py", 9, "DW101")]
