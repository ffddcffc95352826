"""A value written in a branch that handles a malformed setting (the code cuts the host out of
``os.getenv("CACHE_URL")`` and writes ``"localhost"`` where the value has not the shape it
expects) runs only where the service's value takes that branch.  Tests on what the code cut
from the variable (``url.startswith("redis://")``, ``len(pieces) == 2``) are followed with the
service's value (``flow/reach.py``): a well-formed value leaves every fallback unreached, while
a value of another shape still runs its branch, whose loopback address stays a finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

JOB = """\
import os

import redis


def connect():
    url = os.getenv("CACHE_URL")
    if url:
        if url.startswith("redis://"):
            rest = url[len("redis://"):]
            pieces = rest.split(":")
            if len(pieces) == 2:
                host, port = pieces
            else:
                host = "localhost"
                port = "6379"
        else:
            host = "127.0.0.1"
            port = "6379"
    else:
        host = os.getenv("CACHE_HOST", "cache")
        port = "6379"
    return redis.Redis(host=host, port=int(port))


if __name__ == "__main__":
    connect().ping()
"""


def _findings(tmp_path: Path, url: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  job:\n    build: ./job\n    environment:\n"
                        f"      CACHE_URL: \"{url}\"\n  cache:\n    image: redis:7\n",
        "job/Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "job.py"]\n',
        "job/job.py": JOB,
    }, git=True)
    return sorted((f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_well_formed_value_leaves_every_fallback_unreached(tmp_path):
    assert _findings(tmp_path, "redis://cache:6379") == []


def test_a_value_without_the_scheme_runs_its_fallback(tmp_path):
    assert _findings(tmp_path, "cache:6379") == [("DW101", 18)]


def test_a_value_without_a_port_runs_its_fallback(tmp_path):
    assert _findings(tmp_path, "redis://cache") == [("DW101", 15)]
