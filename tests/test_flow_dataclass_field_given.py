"""A field default of a dataclass (a class whose constructor is generated) that every
construction in the code the container runs gives is dead, like a parameter default every
call overrides: ``Options(queue_url=args.queue)`` in the one ``main`` that builds it.  Where a
construction leaves the field out, or a subclass may, the default stays a target."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  pump:\n    build: .\n    command: python -m pump --cache cache\n"
           "  cache:\n    image: redis:7\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
OPTIONS = '''\
from dataclasses import dataclass


@dataclass
class Options:
    batch: int = 10
    cache_host: str = "localhost"
    cache_port: int = 6379
'''
SINK = '''\
import redis


def open_cache(opts):
    return redis.Redis(host=opts.cache_host, port=opts.cache_port)
'''


def flagged(tmp_path: Path, main: str, options: str = OPTIONS) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "pump/__init__.py": "",
                    "pump/options.py": options, "pump/sink.py": SINK, "pump/__main__.py": main}, git=True)
    res = run_check([tmp_path], Config())
    return [(f.span.path, f.span.line, f.code) for f in res.active]


MAIN = '''\
import argparse

from pump.options import Options
from pump.sink import open_cache

parser = argparse.ArgumentParser()
parser.add_argument("--cache")
args = parser.parse_args()
open_cache({built}).ping()
'''


def test_field_every_construction_gives_is_dead(tmp_path):
    assert flagged(tmp_path, MAIN.format(built="Options(batch=5, cache_host=args.cache)")) == []


def test_field_given_by_position_is_dead(tmp_path):
    assert flagged(tmp_path, MAIN.format(built="Options(5, args.cache)")) == []


def test_field_a_construction_leaves_out_is_reported(tmp_path):
    # recall guard: the default is what this construction dials
    assert flagged(tmp_path, MAIN.format(built="Options(batch=5)")) == [("pump/options.py", 7, "DW101")]


def test_field_a_subclass_may_leave_out_is_reported(tmp_path):
    # recall guard: a subclass's constructions are not searched; its default may be live
    options = OPTIONS + "\n\n@dataclass\nclass FastOptions(Options):\n    batch: int = 100\n"
    main = MAIN.format(built="Options(cache_host=args.cache)") + "from pump.options import FastOptions\nopen_cache(FastOptions())\n"
    assert flagged(tmp_path, main, options) == [("pump/options.py", 7, "DW101")]
