"""A branch on the value of a small accessor (``if get_backend() == "redis":``, where
``get_backend()`` takes no parameters and returns an environment read, checked and
lower-cased) is gated on that variable, as if the read were written in the condition."""
from __future__ import annotations

from dockwise.flow import Flow
from dockwise.knowledge import default_knowledge

K = default_knowledge()

SOURCE = '''import os

import redis


def get_backend() -> str:
    name = os.getenv("BACKEND")
    if name is None:
        raise RuntimeError("BACKEND is not set")
    return name.lower()


def connect():
    backend = get_backend()
    if backend == "redis":
        return redis.Redis.from_url(os.getenv("REDIS_URL", "redis://localhost:6379"))
    return None
'''


def runs(env: dict[str, str | None]) -> bool:
    files = {"store.py": SOURCE}
    sinks = Flow(K, files.get, files).of("store.py", 16, 65).sinks
    assert sinks, "the value reaches the client"
    return any(s.runs_with(env) for s in sinks)


def test_the_accessors_variable_gates_the_branch():
    assert not runs({"BACKEND": "mongodb"})
    assert runs({"BACKEND": "Redis"})
    assert runs({"BACKEND": None})  # from the shell at run time: unknown
