"""A loopback host written alone is a candidate where a name says "address" (``BROKER =
"localhost"``) or as an environment default of any variable (``os.getenv("SENTINEL_HOST_B",
"127.0.0.1")``): the name alone is no evidence either way, so the value's way decides. It is a
finding where a client the container runs dials it, and nothing where it is only kept or
shown (``NAME = os.getenv("SERVICE", "localhost")`` printed)."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WORKER = '''import os

import redis

BROKER = "localhost"
SENTINEL = os.getenv("SENTINEL_HOST_B", "127.0.0.1")
NAME = os.getenv("SERVICE", "localhost")

{uses}
'''


def lines(tmp_path, uses: str) -> list[int]:
    make(tmp_path, {
        "compose.yaml": "services:\n  worker:\n    build: .\n  redis:\n    image: redis:7\n",
        "Dockerfile": 'FROM python:3.12\nWORKDIR /app\nCOPY . /app\nCMD ["python", "worker.py"]\n',
        "worker.py": WORKER.format(uses=uses),
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("uses, expected", [
    ("broker = redis.Redis(host=BROKER, port=6379)\nbroker.ping()\n", [5]),
    ("sentinel = redis.Redis(host=SENTINEL, port=26379)\nsentinel.ping()\n", [6]),
    ("print(BROKER, SENTINEL, NAME)\n", []),
])
def test_a_bare_loopback_is_a_finding_only_where_a_client_dials_it(tmp_path, uses, expected):
    assert lines(tmp_path, uses) == expected
