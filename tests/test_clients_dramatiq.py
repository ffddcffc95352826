"""Dramatiq's brokers and Redis result backend dial `url=`, or the host and port handed on to
the connection (`RedisBroker(host=..., port=...)`, `RabbitmqBroker(url=...)`, `RedisBackend(url=...)`):
a loopback address there, in a worker beside the broker's service, is a finding with that
service as the suggestion; the service's name is not."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CASES = [
    ('from dramatiq.brokers.redis import RedisBroker\n\nbroker = RedisBroker(url="redis://{h}:6379/0")\n', "cache", 6379),
    ('from dramatiq.brokers.redis import RedisBroker\n\nbroker = RedisBroker(host="{h}", port=6379)\n', "cache", 6379),
    ('from dramatiq.brokers.rabbitmq import RabbitmqBroker\n\nbroker = RabbitmqBroker(url="amqp://guest@{h}:5672")\n',
     "mq", 5672),
    ('from dramatiq.results.backends import RedisBackend\n\nbackend = RedisBackend(url="redis://{h}:6379/1")\n',
     "cache", 6379),
]


def _findings(tmp_path: Path, code: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  worker:\n    build: .\n    command: dramatiq jobs.actors\n"
                        "  cache:\n    image: redis:7\n  mq:\n    image: rabbitmq:3\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "jobs/__init__.py": "",
        "jobs/actors.py": "import dramatiq\n\nfrom jobs.setup import *  # noqa: F403\n\n\n"
                          "@dramatiq.actor\ndef ping():\n    return 1\n",
        "jobs/setup.py": code,
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("code, service, port", CASES)
def test_a_loopback_broker_is_a_finding(tmp_path: Path, code: str, service: str, port: int) -> None:
    assert _findings(tmp_path, code.format(h="localhost")) == [("DW101", service)]


@pytest.mark.parametrize("code, service, port", CASES)
def test_the_service_name_is_not(tmp_path: Path, code: str, service: str, port: int) -> None:
    assert _findings(tmp_path, code.format(h=service)) == []
