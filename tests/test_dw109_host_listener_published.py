"""DW109 where the loopback listener is the one published to the Docker host.  A broker that
advertises ``OUTSIDE://localhost:9092`` on a published port beside ``INSIDE://queue:29092``
keeps two listeners on purpose: tools on the host reach it through ``localhost:9092``, the
containers through the service name on 29092.  A container that bootstraps from
``queue:9092`` is still sent to its own loopback (the finding stands), but advertising the
service name on the host's listener, the usual suggestion, would break the host's clients:
the message points the containers at ``queue:29092`` instead, and offers no edit of the
broker.  A loopback listener that is not published (or has no listener for the network
beside it) keeps the suggestion to advertise the service name."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

BROKER = """\
services:
  queue:
    image: bitnami/kafka:3.7
{ports}    environment:
      KAFKA_CFG_LISTENERS: OUTSIDE://:9092,INSIDE://:29092
      KAFKA_CFG_ADVERTISED_LISTENERS: OUTSIDE://localhost:9092,INSIDE://queue:29092
  tally:
    build: ./tally
"""

CLIENT = 'from kafka import KafkaProducer\nproducer = KafkaProducer(bootstrap_servers="queue:9092")\n'


def _dw109(tmp_path: Path, ports: str):
    make(tmp_path, {
        "compose.yaml": BROKER.format(ports=ports),
        "tally/Dockerfile": 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/send.py"]\n',
        "tally/send.py": CLIENT,
    }, git=True)
    return [f for f in run_check([tmp_path], Config()).findings if f.code == "DW109"]


def test_published_host_listener_points_clients_at_network_listener(tmp_path: Path) -> None:
    (f,) = _dw109(tmp_path, '    ports: ["9092:9092"]\n')
    assert f.suggestion is None and f.fix is None
    assert "`queue:29092`" in f.message and "Advertise" not in f.message


def test_unpublished_loopback_listener_keeps_readvertising(tmp_path: Path) -> None:
    (f,) = _dw109(tmp_path, "")
    assert f.suggestion is not None and (f.suggestion.host, f.suggestion.port) == ("queue", 9092)
