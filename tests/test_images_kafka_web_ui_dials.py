"""Kafka web UIs dial the brokers and registries their environment names (``rules/images.yaml``
``dials``): UI for Apache Kafka (``provectuslabs/kafka-ui``, ``kafbat/kafka-ui``) reads each
cluster of its ``kafka.clusters`` list from ``KAFKA_CLUSTERS_<N>_BOOTSTRAPSERVERS``,
``..._SCHEMAREGISTRY``, ``..._KAFKACONNECT_<M>_ADDRESS``; Kafdrop bootstraps from
``KAFKA_BROKERCONNECT`` and reads ``SCHEMAREGISTRY_CONNECT`` (their READMEs, "Environment
Variables").  A loopback there is the UI's own container, and ``host.docker.internal`` needs the
host-gateway entry; the service names are right, and a variable the UI does not read (the app's
shared ``.env``) is not dialled by it."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """services:
  broker:
    image: confluentinc/cp-kafka:7.6.0
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://broker:29092
  registry:
    image: confluentinc/cp-schema-registry:7.6.0
  console:
    image: provectuslabs/kafka-ui:v0.7.2
    ports: ["8080:8080"]
    environment:
      KAFKA_CLUSTERS_0_NAME: local
      KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: @UI_BOOTSTRAP@
      KAFKA_CLUSTERS_0_SCHEMAREGISTRY: @UI_REGISTRY@
  topics:
    image: obsidiandynamics/kafdrop:4.0.1
    ports: ["9000:9000"]
    environment:
      KAFKA_BROKERCONNECT: @DROP_BOOTSTRAP@
"""


def findings(tmp_path: Path, ui_bootstrap: str = "broker:29092", ui_registry: str = "http://registry:8081",
             drop_bootstrap: str = "broker:29092", extra: str = "",
             files: dict[str, str] | None = None) -> list[tuple[int, str, str]]:
    compose = (COMPOSE.replace("@UI_BOOTSTRAP@", ui_bootstrap).replace("@UI_REGISTRY@", ui_registry)
               .replace("@DROP_BOOTSTRAP@", drop_bootstrap) + extra)
    make(tmp_path, {"compose.yaml": compose, **(files or {})}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.line, f.code, ",".join(f.services)) for f in result.active)


def test_service_names_are_right(tmp_path):
    assert findings(tmp_path) == []


def test_a_loopback_bootstrap_of_kafka_ui_is_reported(tmp_path):
    assert findings(tmp_path, ui_bootstrap="localhost:29092") == [(13, "DW101", "console")]


def test_a_loopback_schema_registry_of_kafka_ui_is_reported(tmp_path):
    assert findings(tmp_path, ui_registry="http://localhost:8081") == [(14, "DW101", "console")]


def test_a_loopback_broker_of_kafdrop_is_reported(tmp_path):
    assert findings(tmp_path, drop_bootstrap="localhost:9092") == [(19, "DW101", "topics")]


def test_the_docker_host_without_the_gateway_entry_is_reported(tmp_path):
    assert findings(tmp_path, ui_bootstrap="host.docker.internal:9092") == [(13, "DW106", "console")]


def test_a_variable_the_ui_does_not_read_is_not_dialled(tmp_path):
    # Kafdrop (the last service) is given the application's shared environment file
    extra = """    env_file: [shared.env]
"""
    files = {"shared.env": "DATABASE_URL=postgresql://app:pw@localhost:5432/app\n"}
    assert findings(tmp_path, extra=extra, files=files) == []
