"""A settings-class field named as a client address (``REDIS_URL``) is a target by its name
where code reads it into something dockwise does not follow (a queue library's settings
object): but only in a container whose own modules read the field.  A metrics sidecar that
imports the same settings module for its port, and never reads ``REDIS_URL``, dials nothing
there; the worker that hands the field to the queue library keeps the finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  worker:
    build: .
    command: python -m app.worker
  metrics:
    build: .
    command: python -m app.metrics
  redis:
    image: redis:7
"""

CONFIG = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    REDIS_URL: str = "redis://localhost:6379/0"
    METRICS_PORT: int = 9100


settings = Settings()
"""

WORKER = """\
from queuelib import QueueSettings

from app.config import settings

queue_settings = QueueSettings.from_dsn(settings.REDIS_URL)
"""

METRICS = """\
from prometheus_client import start_http_server

from app.config import settings

start_http_server(settings.METRICS_PORT)
"""


def _services(tmp_path: Path) -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/config.py": CONFIG,
        "app/worker.py": WORKER,
        "app/metrics.py": METRICS,
    }, git=True)
    return [f.services for f in run_check([tmp_path], Config(cache=False)).findings
            if f.code == "DW101" and f.span.path == "app/config.py"]


def test_only_the_container_reading_the_field_dials_it(tmp_path):
    assert _services(tmp_path) == [("worker",)]
