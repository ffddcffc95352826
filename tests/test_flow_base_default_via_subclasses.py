"""A parameter default of a base class's constructor that the code builds only through its
subclasses is dead where each subclass's ``super().__init__(...)`` gives it, by keyword or by
handing on its own ``**kwargs`` that every construction of the subclass fills with it.
Where a construction leaves it out, the default is what the container dials."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  feeder:\n    build: .\n    command: python -m feeder --cache cache\n"
           "  cache:\n    image: redis:7\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
BASE = '''\
import redis


class Feeder:
    def __init__(self, channel, cache_host="localhost", rate=1.0):
        self.channel = channel
        self.client = redis.Redis(host=cache_host)
'''
SUB = '''\
from feeder.base import Feeder


class NewsFeeder(Feeder):
    def __init__(self, **kwargs):
        super().__init__(channel="news", **kwargs)
'''
MAIN = '''\
import argparse

from feeder.news import NewsFeeder

parser = argparse.ArgumentParser()
parser.add_argument("--cache")
args = parser.parse_args()
NewsFeeder({given})
'''


def flagged(tmp_path: Path, given: str, sub: str = SUB) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "feeder/__init__.py": "",
                    "feeder/base.py": BASE, "feeder/news.py": sub,
                    "feeder/__main__.py": MAIN.format(given=given)}, git=True)
    res = run_check([tmp_path], Config())
    return [(f.span.path, f.span.line, f.code) for f in res.active]


def test_default_every_subclass_construction_gives_is_dead(tmp_path):
    assert flagged(tmp_path, "rate=2.0, cache_host=args.cache") == []


def test_default_the_super_call_gives_is_dead(tmp_path):
    sub = SUB.replace('channel="news", **kwargs', 'channel="news", cache_host="cache", **kwargs')
    assert flagged(tmp_path, "rate=2.0", sub) == []


def test_default_a_subclass_construction_leaves_out_is_reported(tmp_path):
    # recall guard: this construction dials the base's default
    assert flagged(tmp_path, "rate=2.0") == [("feeder/base.py", 5, "DW101")]
