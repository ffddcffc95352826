"""A parameter default of the constructor of a class that no code names (built through a
registry from the operator's configuration, ``Store.by_name(kind)(**options)``, or by a
library's user) is what that configuration gives, not the container's address.  A class
the code builds by its name keeps its default where a call leaves it out."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = "services:\n  web:\n    build: .\n    command: python -m app\n"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
STORES = '''\
import redis


class Store:
    kind = ""

    @classmethod
    def by_name(cls, kind):
        return next(c for c in cls.__subclasses__() if c.kind == kind)


class RedisStore(Store):
    """A store in Redis: ``RedisStore(host="cache")``."""

    kind = "redis"

    def __init__(self, host="localhost", port=6379):
        self.client = redis.Redis(host=host, port=port)
'''


def flagged(tmp_path: Path, main: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": main, "app/stores.py": STORES}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_class_built_from_configuration_takes_the_operators_values(tmp_path):
    main = "import json\n\nfrom app.stores import Store\n\ncfg = json.load(open('c.json'))\nStore.by_name(cfg['kind'])(**cfg['options'])\n"
    assert flagged(tmp_path, main) == []


def test_a_class_built_by_its_name_keeps_its_default(tmp_path):
    main = "from app.stores import RedisStore\n\nRedisStore(port=6380)\n"
    assert flagged(tmp_path, main) == [("app/stores.py", 17, "DW101")]
