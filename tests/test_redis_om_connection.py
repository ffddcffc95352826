"""Redis OM (``redis_om``, ``aredis_om``) builds its client in ``get_redis_connection``, from the
``url`` it is given or from the keywords of ``redis.Redis`` (``host``, ``port``); a loopback
address there, in code the container runs, is the container itself."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, body: str) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  api:\n    build: .\n    command: python app/main.py\n"
                         "  cache:\n    image: redis/redis-stack:7.2.0-v9\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/main.py": body,
    }, git=True)
    return sorted((f.code, f.span.line, f.suggestion.host if f.suggestion else None)
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_connection_helper_is_dialled(tmp_path):
    body = ("from redis_om import get_redis_connection\n\n"
            'a = get_redis_connection(url="redis://127.0.0.1:6379")\n'
            'b = get_redis_connection(host="localhost", port=6379)\n'
            'c = get_redis_connection(url="redis://cache:6379")\n')
    assert _findings(tmp_path, body) == [("DW101", 3, "cache"), ("DW101", 4, "cache")]


def test_the_helper_in_a_function_nothing_calls_is_silent(tmp_path):
    body = ("from aredis_om import get_redis_connection\n\n"
            'def connect():\n    return get_redis_connection(url="redis://localhost:6379")\n')
    assert _findings(tmp_path, body) == []
