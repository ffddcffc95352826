"""DW109 needs a client that bootstraps from the broker: one that reads the broker's metadata
and then follows the listeners it advertises.  A probe that only opens a TCP connection to
the port (``socket.create_connection``, a start command's ``nc -z`` wait loop) reaches it
whatever the broker advertises there, so it is no such client.  A Kafka client beside it in
the same layout still makes the loopback listener a finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_COMPOSE = """\
services:
  broker:
    image: confluentinc/cp-kafka:7.5.0
    ports: ["9092:9092"]
    environment:
      KAFKA_ADVERTISED_LISTENERS: OUTSIDE://localhost:9092,INSIDE://broker:29092
  checker:
    build: .
    command: python check.py
  waiter:
    image: busybox:1.36
    command: sh -c "until nc -z broker 9092; do sleep 1; done; echo up"
"""
_PROBE = """\
import os
import socket

sock = socket.create_connection(("broker", 9092), timeout=10)
sock.close()


def check_broker():
    host = os.getenv("BROKER_HOST", "broker")
    port = int(os.getenv("BROKER_PORT", 9092))
    socket.create_connection((host, port), timeout=10).close()


check_broker()
"""


def _codes(tmp_path: Path, extra: dict[str, str] | None = None, compose_extra: str = "") -> list[str]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE + compose_extra,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "check.py": _PROBE,
        **(extra or {}),
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


def test_tcp_probes_of_the_port_bootstrap_nothing(tmp_path):
    assert _codes(tmp_path) == []


def test_a_kafka_client_of_that_port_is_still_redirected(tmp_path):
    consumer = ("from kafka import KafkaConsumer\n\n"
                "consumer = KafkaConsumer(\"events\", bootstrap_servers=\"broker:9092\")\n"
                "for message in consumer:\n    print(message)\n")
    compose_extra = "  consumer:\n    build: .\n    command: python consume.py\n"
    assert _codes(tmp_path, {"consume.py": consumer}, compose_extra) == ["DW109"]
