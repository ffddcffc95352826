"""Services that join one network stack (``network_mode: service:X``) share one loopback
interface: a worker and a redis both in the stack of a VPN or Tor container reach each other
at ``localhost``, and no service name resolves for either of them.  Only a port that nobody in
the stack serves, but another service does, is a miss there."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
WORKER = "import redis\n\nr = redis.Redis.from_url('redis://localhost:6379/0')\n"


def compose(worker_env: str = "", redis_mode: str = "    network_mode: service:gate\n", extra: str = "") -> str:
    return ("services:\n"
            "  gate:\n    image: example/tunnel:1\n    ports: ['8000:8000']\n"
            "  redis:\n    image: redis:7\n" + redis_mode +
            "  worker:\n    build: .\n    command: python worker.py\n    network_mode: service:gate\n"
            + worker_env + extra)


def flagged(tmp_path: Path, compose_text: str) -> list[tuple[str, int, str, str | None]]:
    make(tmp_path, {"compose.yaml": compose_text, "Dockerfile": DOCKERFILE, "worker.py": WORKER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code, f.suggestion.host if f.suggestion else None)
                  for f in result.active)


def test_loopback_reaches_a_service_in_the_same_joined_stack(tmp_path):
    assert flagged(tmp_path, compose()) == []


def test_loopback_in_compose_value_reaches_a_stack_mate(tmp_path):
    env = "    environment:\n      REDIS_URL: redis://localhost:6379\n"
    assert flagged(tmp_path, compose(env)) == []


def test_the_stack_owner_reaches_a_service_that_joins_it(tmp_path):
    # the container whose stack the redis joins dials it at localhost too
    text = ("services:\n  redis:\n    image: redis:7\n    network_mode: service:worker\n"
            "  worker:\n    build: .\n    command: python worker.py\n")
    assert flagged(tmp_path, text) == []


def test_a_service_outside_the_stack_is_still_a_miss(tmp_path):
    # recall: the redis has networks of its own, not the gate's stack: loopback misses it
    assert flagged(tmp_path, compose(redis_mode="")) == [("worker.py", 3, "DW101", "redis")]


def test_a_service_in_a_stack_is_reached_by_the_stack_owners_name(tmp_path):
    # the worker is outside the stack; the redis runs in the gate's stack and has no endpoint
    # of its own, so only `gate` resolves to it (docker/compose#3545): the fix must say so
    text = ("services:\n  gate:\n    image: example/tunnel:1\n"
            "  redis:\n    image: redis:7\n    network_mode: service:gate\n"
            "  worker:\n    build: .\n    command: python worker.py\n")
    assert flagged(tmp_path, text) == [("worker.py", 3, "DW101", "gate")]
