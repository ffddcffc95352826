"""periodiq, Dramatiq's periodic scheduler (`periodiq [-v] [-P PATH] broker [module ...]`), imports
the broker's module and every module named after it: those modules run in its container, and a
script of the image that none of them imports does not."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  ticker:
    build: .
    command: periodiq -v -P . sched.broker sched.extra
  kv:
    image: redis:7
"""
BROKER = ('import dramatiq\nfrom dramatiq.brokers.redis import RedisBroker\n\n'
          'dramatiq.set_broker(RedisBroker(url="redis://kv:6379/0"))\n')
EXTRA = 'import redis\n\nSEEN = redis.Redis(host="localhost", port=6379)\nSEEN.ping()\n'
TOOL = 'import redis\n\nredis.Redis(host="localhost").ping()\n'


def test_the_modules_it_names_run_there_and_no_other(tmp_path: Path):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        "sched/__init__.py": "",
        "sched/broker.py": BROKER,
        "sched/extra.py": EXTRA,
        "cleanup.py": TOOL,
    }, git=True)
    found = sorted(f"{f.span.path}:{f.span.line}" for f in run_check([tmp_path], Config(cache=False)).active)
    assert found == ["sched/extra.py:3"]
