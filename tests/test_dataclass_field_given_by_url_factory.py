"""A dataclass built only through a factory classmethod (its own, or one a base class
defines: ``Store.from_url(url)``) that parses a URL and fills the field by its name
(``kwargs["host"] = parsed.hostname``, then ``return cls(**kwargs)``) never runs with the
field's default: every construction gives it, as ``Options(host=...)`` would.  A factory
that does not name the field, or a construction elsewhere that leaves it out, keeps the
default a target."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  tally:\n    build: .\n    command: python -m tally\n"
           "    environment:\n      CACHE_HOST: cache\n"
           "  cache:\n    image: redis:7\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
BASE = '''\
from urllib.parse import urlparse


class Endpoint:
    @classmethod
    def from_url(cls, url, **extra):
        parsed = urlparse(url)
        kwargs = {{}}
        cls._put(kwargs, "{field}", parsed.hostname)
        cls._put(kwargs, "port", parsed.port)
        kwargs.update(extra)
        return cls(**kwargs)

    @staticmethod
    def _put(kwargs, name, value):
        if value is not None:
            kwargs[name] = value


class Store(Endpoint):
    pass
'''
CACHE = '''\
from dataclasses import dataclass

import redis

from tally.base import Store


@dataclass
class CounterStore(Store):
    host: str = "localhost"
    port: int = 6379

    def open(self):
        return redis.Redis(host=self.host, port=self.port)
'''
MAIN = '''\
import os

from tally.cache import CounterStore

store = CounterStore.from_url("redis://{{}}:6379".format(os.environ["CACHE_HOST"]))
store.open().incr("hits")
{extra}'''


def flagged(tmp_path: Path, field: str = "host", extra: str = "") -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "tally/__init__.py": "",
                    "tally/base.py": BASE.format(field=field), "tally/cache.py": CACHE,
                    "tally/__main__.py": MAIN.format(extra=extra)}, git=True)
    res = run_check([tmp_path], Config(cache=False))
    return [(f.span.path, f.span.line, f.code) for f in res.active]


def test_field_an_inherited_url_factory_fills_by_name_is_dead(tmp_path):
    assert flagged(tmp_path) == []


def test_field_the_factory_does_not_name_is_reported(tmp_path):
    # recall guard: the factory fills other keys only; the host default is what it dials
    assert flagged(tmp_path, field="user") == [("tally/cache.py", 10, "DW101")]


def test_field_a_direct_construction_leaves_out_is_reported(tmp_path):
    # recall guard: built once more without the factory, keeping the default
    assert flagged(tmp_path, extra="CounterStore().open().ping()\n") == [("tally/cache.py", 10, "DW101")]
