"""DW109 pairs a broker with the clients of its own Compose project.  A directory may hold a
second, self-contained Compose file (a test stack judged alone beside the app's): its broker
may advertise ``localhost`` on the port the app's services bootstrap from, yet those services
run in the other project and dial the other broker."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = """\
services:
  broker:
    image: bitnami/kafka:3.7
    environment:
      KAFKA_CFG_ADVERTISED_LISTENERS: {advertised}
  indexer:
    build: .
    command: python consume.py
    environment:
      EVENTS_BOOTSTRAP_SERVERS: broker:9092
"""
# a stand-alone stack for running the tests from the host: nothing in it dials the broker
TEST_STACK = """\
services:
  broker:
    image: bitnami/kafka:3.7
    ports: ["9092:9092"]
    environment:
      KAFKA_CFG_ADVERTISED_LISTENERS: INTERNAL://broker:29092,FROM_HOST://localhost:9092
"""
CONSUMER = """\
import os

from kafka import KafkaConsumer

consumer = KafkaConsumer("events", bootstrap_servers=os.environ["EVENTS_BOOTSTRAP_SERVERS"])
"""


def _dw109(tmp_path: Path, advertised: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "docker-compose.yml": APP.format(advertised=advertised),
        "docker-compose.itest.yml": TEST_STACK,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "consume.py": CONSUMER,
    }, git=True)
    return [(f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active
            if f.code == "DW109"]


def test_a_test_stacks_broker_is_not_judged_with_the_apps_clients(tmp_path):
    assert _dw109(tmp_path, "PLAINTEXT://broker:9092") == []


def test_the_apps_own_broker_advertising_loopback_is_still_reported(tmp_path):
    assert _dw109(tmp_path, "PLAINTEXT://localhost:9092") == [("docker-compose.yml", 5)]
