"""DW109 needs clients in other containers.  A client inside the broker's own container (a
metrics reporter the broker runs, bootstrapping from the broker's service name) is
redirected to its own loopback, where the broker itself serves the listener advertised as
loopback for the host's tools: nothing breaks.  Another service bootstrapping from the same
port is still sent to its own loopback."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  events:
    image: confluentinc/cp-server:7.6.1
    ports: ["9092:9092"]
    environment:
      KAFKA_LISTENERS: INSIDE://events:29092,OUTSIDE://0.0.0.0:9092
      KAFKA_ADVERTISED_LISTENERS: INSIDE://events:29092,OUTSIDE://localhost:9092
      KAFKA_CONFLUENT_METRICS_REPORTER_BOOTSTRAP_SERVERS: events:9092
{extra}"""
AUDITOR = """\
  auditor:
    image: confluentinc/cp-kafka-rest:7.6.1
    environment:
      KAFKA_REST_BOOTSTRAP_SERVERS: events:9092
"""


def _dw109(tmp_path: Path, extra: str = "") -> list[tuple[str, int]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(extra=extra)}, git=True)
    return [(f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active
            if f.code == "DW109"]


def test_the_brokers_own_client_is_not_redirected_elsewhere(tmp_path):
    assert _dw109(tmp_path) == []


def test_another_service_bootstrapping_from_that_port_is_still_reported(tmp_path):
    assert _dw109(tmp_path, AUDITOR) == [("compose.yaml", 7)]
