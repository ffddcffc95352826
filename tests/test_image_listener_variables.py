"""An image that takes its own listen addresses from a variable (``rules/images.yaml``
listens: Confluent's Schema Registry reads ``SCHEMA_REGISTRY_LISTENERS``) listens on the
ports that variable gives, not only on its default port.  A client dialling the port the
listener names is right inside the network, even where the service publishes that number on
the host for another container port (the mapping, not the client, is what is off); a
published port that no listener serves is still reported."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  broker:
    image: confluentinc/cp-kafka:7.6.1
  registry:
    image: confluentinc/cp-schema-registry:7.6.1
    ports:
      - "{published}:8081"
    environment:
      SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: PLAINTEXT://broker:9092
{listeners}
  dashboard:
    image: confluentinc/cp-enterprise-control-center:7.6.1
    environment:
      CONTROL_CENTER_BOOTSTRAP_SERVERS: broker:9092
      CONTROL_CENTER_SCHEMA_REGISTRY_URL: http://registry:{dialled}
"""


def _findings(tmp_path: Path, published: int, dialled: int, listeners: str) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(published=published, dialled=dialled, listeners=listeners)},
         git=True)
    return [(f.code, f.span.line, str(f.suggestion.port) if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_port_the_listener_names_is_served_inside_the_network(tmp_path):
    listeners = "      SCHEMA_REGISTRY_LISTENERS: http://0.0.0.0:8085"
    assert _findings(tmp_path, published=8085, dialled=8085, listeners=listeners) == []


def test_a_list_of_listeners_serves_each_port(tmp_path):
    listeners = '      SCHEMA_REGISTRY_LISTENERS: "http://0.0.0.0:8085,https://0.0.0.0:8443"'
    assert _findings(tmp_path, published=8085, dialled=8085, listeners=listeners) == []


def test_a_published_port_no_listener_serves_is_still_reported(tmp_path):
    assert _findings(tmp_path, published=8085, dialled=8085, listeners="") == [("DW103", 15, "8081")]
