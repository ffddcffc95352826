"""DW101's suggestion where no service listens on a Kafka client's bootstrap port because the
broker's own listener settings (``KAFKA_LISTENERS``, ``rules/images.yaml`` listens) moved its
listeners off the image's default port: a client bootstrapping from ``localhost:9092`` means that
broker, at the listener it advertises under its own name for the network, not a server on the
Docker host (where nothing listens on 9092 either).  The port changes, so the fix is a guess
(``--unsafe-fixes``).  The finding stands either way; a client of another protocol at that port,
or a broker that advertises no listener under its name, keeps the Docker host's alias."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  ingest:
    build: .
    command: python ingest.py
  stream:
    image: apache/kafka:3.8.0
    ports:
      - "19094:19094"
    environment:
      KAFKA_LISTENERS: INNER://stream:29092,CTRL://stream:29093,OUTER://0.0.0.0:19094
      KAFKA_ADVERTISED_LISTENERS: {advertised}
"""
KAFKA = 'from kafka import KafkaProducer\n\nKafkaProducer(bootstrap_servers="localhost:9092")\n'
REDIS = 'import redis\n\nredis.Redis(host="localhost", port=9092).ping()\n'


def _finding(tmp_path: Path, code: str, advertised: str = "INNER://stream:29092,OUTER://localhost:19094"):
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(advertised=advertised),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        "ingest.py": code,
    }, git=True)
    found = [f for f in run_check([tmp_path], Config(cache=False)).active if f.code == "DW101"]
    assert len(found) == 1, found
    sug = found[0].suggestion
    return (f"{sug.host}:{sug.port}" if sug is not None else None), bool(sug and sug.tentative), found[0].message


def test_the_brokers_listener_for_the_network_is_suggested(tmp_path):
    suggestion, tentative, message = _finding(tmp_path, KAFKA)
    assert suggestion == "stream:29092" and tentative
    assert "presumably on the Docker host" not in message


def test_a_broker_advertising_nothing_under_its_name_leaves_the_host_alias(tmp_path):
    suggestion, _, message = _finding(tmp_path, KAFKA, advertised="OUTER://localhost:19094")
    assert suggestion == "host.docker.internal:9092"
    assert "presumably on the Docker host" in message


def test_another_protocol_at_that_port_is_not_sent_to_the_broker(tmp_path):
    suggestion, _, _ = _finding(tmp_path, REDIS)
    assert suggestion == "host.docker.internal:9092"
