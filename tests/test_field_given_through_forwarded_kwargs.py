"""A settings class built from the ``**options`` its owner's constructor takes
(``self.options = Options(**options)`` in ``Cache.__init__(self, **options)``) gets each field
its owner's constructions give: where every ``Cache(...)`` that may run passes ``host=...``,
the field's default never runs.  A construction that leaves it out, or a constructor that
reads or changes the mapping before handing it on, keeps the default a target."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  tally:\n    build: .\n    command: python -m tally\n"
           "    environment:\n      CACHE_HOST: cache\n"
           "  cache:\n    image: redis:7\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
CACHE = '''\
from dataclasses import dataclass

import redis


@dataclass
class Options:
    host: str = "localhost"
    port: int = 6379


class Cache:
    def __init__(self, **options):
{body}
    def open(self):
        return redis.Redis(host=self.options.host, port=self.options.port)
'''
BODY = "        self.options = Options(**options)\n"
MAIN = '''\
import os

from tally.cache import Cache

Cache(host=os.environ["CACHE_HOST"], port=6379).open().incr("hits")
{extra}'''


def flagged(tmp_path: Path, body: str = BODY, extra: str = "") -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "tally/__init__.py": "",
                    "tally/cache.py": CACHE.format(body=body),
                    "tally/__main__.py": MAIN.format(extra=extra)}, git=True)
    res = run_check([tmp_path], Config(cache=False))
    return [(f.span.path, f.span.line, f.code) for f in res.active]


def test_field_every_owner_construction_gives_is_dead(tmp_path):
    assert flagged(tmp_path) == []


def test_an_owner_construction_leaving_it_out_is_reported(tmp_path):
    # recall guard: one Cache() runs with the field's default
    assert flagged(tmp_path, extra='Cache(port=6380).open().ping()\n') == [("tally/cache.py", 8, "DW101")]


def test_a_constructor_changing_the_mapping_is_reported(tmp_path):
    # recall guard: the constructor drops the key before handing the mapping on
    body = '        options.pop("host", None)\n        self.options = Options(**options)\n'
    assert flagged(tmp_path, body=body) == [("tally/cache.py", 8, "DW101")]
