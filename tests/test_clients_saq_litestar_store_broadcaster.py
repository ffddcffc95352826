"""SAQ's ``Queue.from_url`` dials its broker; litestar-saq hands the ``dsn`` of its
``SAQConfig``/``QueueConfig`` (older releases: ``redis_url``) to it; Litestar's
``RedisStore.with_client(url=...)`` and broadcaster's ``Broadcast(url)`` dial the URL they
are given.  A loopback URL there in a container is the container itself; the service's
name is right."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, code: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  site:\n    build: .\n    command: uvicorn site_app.main:app --host 0.0.0.0\n"
                         "  kv:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "site_app/__init__.py": "",
        "site_app/main.py": code + "\napp = object()\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


_CASES = [
    'from saq import Queue\n\nqueue = Queue.from_url("{url}")\n',
    'from litestar_saq import QueueConfig, SAQConfig\n\nconf = SAQConfig(queue_configs=[QueueConfig(name="q", dsn="{url}")])\n',
    'from litestar_saq import SAQConfig\n\nconf = SAQConfig(redis_url="{url}")\n',
    'from litestar.stores.redis import RedisStore\n\nstore = RedisStore.with_client(url="{url}")\n',
    'from broadcaster import Broadcast\n\nbroadcast = Broadcast("{url}")\n',
]


@pytest.mark.parametrize("code", _CASES)
def test_a_loopback_url_is_dialled(tmp_path, code):
    assert _findings(tmp_path, code.replace("{url}", "redis://localhost:6379/0")) == [("DW101", "kv")]


@pytest.mark.parametrize("code", _CASES)
def test_the_service_name_is_right(tmp_path, code):
    assert _findings(tmp_path, code.replace("{url}", "redis://kv:6379/0")) == []
