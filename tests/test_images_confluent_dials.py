"""Confluent Platform images read their configuration from the environment, and the
properties that are addresses of other servers (bootstrap servers, the schema registry's
URL, ZooKeeper) are dialled by the image itself: a loopback there reaches the container, not
the service that serves it (``rules/images.yaml`` ``dials``).  The names an image advertises
to clients and its own listeners are not dialled by it."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """services:
  broker:
    image: confluentinc/cp-kafka:7.6.0
    environment:
      KAFKA_ZOOKEEPER_CONNECT: @ZK@
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://broker:29092,PLAINTEXT_HOST://localhost:9092
  zookeeper:
    image: confluentinc/cp-zookeeper:7.6.0
  schema-registry:
    image: confluentinc/cp-schema-registry:7.6.0
    environment:
      SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: broker:29092
      SCHEMA_REGISTRY_LISTENERS: http://0.0.0.0:8081
  rest-proxy:
    image: confluentinc/cp-kafka-rest:7.6.0
    environment:
      KAFKA_REST_BOOTSTRAP_SERVERS: broker:29092
      KAFKA_REST_LISTENERS: http://0.0.0.0:8082
      KAFKA_REST_SCHEMA_REGISTRY_URL: @REGISTRY@
  control-center:
    image: confluentinc/cp-enterprise-control-center:7.6.0
    environment:
      CONTROL_CENTER_BOOTSTRAP_SERVERS: broker:29092
      CONTROL_CENTER_SCHEMA_REGISTRY_URL: @REGISTRY@
"""


def findings(tmp_path: Path, registry: str, zk: str = "zookeeper:2181") -> list[tuple[int, str, str, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE.replace("@REGISTRY@", registry).replace("@ZK@", zk)}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.line, f.code, ",".join(f.services), f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else "")
                  for f in result.active)


def test_a_loopback_registry_url_in_the_images_settings_is_reported(tmp_path):
    assert findings(tmp_path, "http://localhost:8081") == [
        (19, "DW101", "rest-proxy", "schema-registry:8081"),
        (24, "DW101", "control-center", "schema-registry:8081"),
    ]


def test_the_service_name_and_the_advertised_listeners_are_right(tmp_path):
    assert findings(tmp_path, "http://schema-registry:8081") == []


def test_a_loopback_zookeeper_for_the_broker_is_reported(tmp_path):
    got = findings(tmp_path, "http://schema-registry:8081", zk="localhost:2181")
    assert [(line, code, svc) for line, code, svc, _ in got] == [(5, "DW101", "broker")]
