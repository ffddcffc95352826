"""A client call given no address is placed on its own text, not on an earlier call of the same
name (``extract/python.py``): with no string, comment or integer between ``return
redis.Redis(host=..., port=...)`` and the fallback ``return redis.Redis()``, both are found
from the same anchor, and the fallback is the second ``redis.Redis(`` after it. Placed on the
first, it would be judged under that one's branch: here the early return the service's
environment takes, which leaves the fallback dead."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

STORE = '''import os

import redis

HOST = os.getenv("CACHE_HOST")


def connect():
    if HOST:
        return redis.Redis(
            host=HOST,
        )
    return redis.Redis()


client = connect()
'''


def _found(tmp_path: Path, env: str) -> list[tuple[int, int, str]]:
    compose = ("services:\n  cache:\n    image: redis:7\n"
               "  app:\n    build: .\n    command: python -m store\n" + env)
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
                    "store.py": STORE}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.line, f.span.column, f.code) for f in result.active)


def test_the_fallback_is_placed_on_its_own_call(tmp_path):
    # no CACHE_HOST: the early return never runs, the fallback dials localhost:6379
    assert _found(tmp_path, "") == [(13, 12, "DW101")]


@pytest.mark.parametrize("value", ["cache"])
def test_a_fallback_behind_an_early_return_the_service_takes_is_dead(tmp_path, value):
    assert _found(tmp_path, f"    environment:\n      CACHE_HOST: {value}\n") == []
