"""A well-known image's own server listens where its listen variable says (``rules/images.yaml``
listens: ``KAFKA_LISTENERS``): a listener bound to the container's loopback
(``PLAINTEXT_HOST://localhost:9092``) is unreachable through the published port and from other
services, DW201 (a published port forwards to the container's interface, not to its loopback).
Only a listener something outside reaches is a finding: the port published or exposed, or
dialled by another service with that port written; a listener the broker keeps for itself
(KRaft's ``CONTROLLER://localhost:9093``) is not.  Every-interface listeners are no finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

BROKER = """\
services:
  kafka:
    image: {image}
{ports}    environment:
      KAFKA_LISTENERS: {listeners}
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:29092,PLAINTEXT_HOST://localhost:9092
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,CONTROLLER:PLAINTEXT
  consumer:
    image: python:3.12-slim
    command: ["sleep", "infinity"]
    environment:
      KAFKA_BOOTSTRAP_SERVERS: {bootstrap}
"""


def _found(tmp_path: Path, listeners: str, *, ports: str = '    ports: ["9092:9092"]\n',
           bootstrap: str = "kafka:29092", image: str = "confluentinc/cp-kafka:7.5.0"):
    make(tmp_path, {"compose.yaml": BROKER.format(image=image, ports=ports, listeners=listeners,
                                                  bootstrap=bootstrap)}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return [(f.code, f.span.line, f.message) for f in result.active], result


def test_a_published_listener_bound_to_loopback(tmp_path):
    found, result = _found(tmp_path, "PLAINTEXT://0.0.0.0:29092,PLAINTEXT_HOST://localhost:9092")
    assert [(code, line) for code, line, _ in found] == [("DW201", 6)]
    assert "`PLAINTEXT_HOST://localhost:9092` binds the loopback interface of the `kafka` container" in found[0][2]
    f = result.active[0]
    assert f.evidence is not None and "listens where KAFKA_LISTENERS says" in f.evidence.kind


def test_a_listener_another_service_dials_with_its_port(tmp_path):
    # (no ports: the listeners line is the fifth)
    found, _ = _found(tmp_path, "PLAINTEXT://127.0.0.1:29092,PLAINTEXT_HOST://0.0.0.0:9092", ports="")
    assert [(code, line) for code, line, _ in found] == [("DW201", 5)]


@pytest.mark.parametrize("listeners, image", [
    # the controller's listener, which the broker alone dials (not published, dialled by nobody)
    ("PLAINTEXT://:29092,PLAINTEXT_HOST://:9092,CONTROLLER://localhost:9093", "apache/kafka:3.8.0"),
    ("PLAINTEXT://0.0.0.0:29092,PLAINTEXT_HOST://0.0.0.0:9092", "confluentinc/cp-kafka:7.5.0"),
    ("PLAINTEXT://:29092,PLAINTEXT_HOST://:9092", "bitnami/kafka:3.7"),
])
def test_listeners_nothing_outside_reaches_at_loopback(tmp_path, listeners, image):
    found, _ = _found(tmp_path, listeners, image=image)
    assert found == []


def test_an_image_dockwise_does_not_know_is_not_judged(tmp_path):
    found, _ = _found(tmp_path, "PLAINTEXT://0.0.0.0:29092,PLAINTEXT_HOST://localhost:9092",
                      image="example/streaming-broker:1")
    assert found == []
