"""UI for Apache Kafka (``provectuslabs/kafka-ui``, ``kafbat/kafka-ui``) dials the brokers,
schema registries and Connect clusters its ``KAFKA_CLUSTERS_N_*`` variables name, but no
ZooKeeper since 2022 (it dropped the setting): an address given as
``KAFKA_CLUSTERS_0_ZOOKEEPER`` is read by nothing, while the bootstrap address beside it stays
a finding (``rules/images.yaml``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """services:
  zookeeper:
    image: confluentinc/cp-zookeeper:7.6.0
    ports: ["2181:2181"]
  kafka:
    image: confluentinc/cp-kafka:7.6.0
    ports: ["9092:9092"]
  ui:
    image: {image}
    environment:
      KAFKA_CLUSTERS_0_NAME: local
      KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: 172.17.0.1:9092
      KAFKA_CLUSTERS_0_ZOOKEEPER: 172.17.0.1:2181
"""


def lines(tmp_path: Path, image: str) -> list[tuple[int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(image=image)}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.line, f.code) for f in result.active if "ui" in f.services)


def test_the_zookeeper_setting_is_not_dialled(tmp_path):
    assert lines(tmp_path, "provectuslabs/kafka-ui:latest") == [(12, "DW102")]


def test_the_fork_reads_no_zookeeper_either(tmp_path):
    assert lines(tmp_path, "ghcr.io/kafbat/kafka-ui:main") == [(12, "DW102")]
