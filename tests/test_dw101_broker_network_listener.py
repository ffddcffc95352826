"""DW101's suggestion for a Kafka client's loopback bootstrap address names the broker's listener
for the network.  A broker with two listeners (one advertised under its service name for the
containers, one advertised as ``localhost`` for clients on the host at a published port) sends a
client that bootstraps from ``broker:<host port>`` back to ``localhost``: that suggestion would
fail as the address did.  The suggestion is the port the broker advertises under its own name.
Where the listener on the port advertises the service name itself, or the broker advertises no
listener under its name, or the dial only probes the port, the port written stays."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  reader:
    build: .
    command: python reader.py
  queue:
    image: example/broker:2
    ports:
      - "{published}:9094"
    expose:
      - "9092"
    environment:
      - QUEUE_CFG_ADVERTISED_LISTENERS={listeners}
"""


def _finding(tmp_path: Path, address: str, listeners: str, call: str = "KafkaConsumer(\"events\", bootstrap_servers={a!r})",
             published: int = 9094):
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(listeners=listeners, published=published),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "reader.py": "import socket\n\nfrom kafka import KafkaConsumer\n\n" + call.format(a=address) + "\n",
    }, git=True)
    found = [f for f in run_check([tmp_path], Config(cache=False)).active if f.code == "DW101"]
    assert len(found) == 1, found
    sug = found[0].suggestion
    return (sug.host, sug.port) if sug is not None else None, found[0].message


def test_a_host_listener_is_not_suggested_its_network_listener_is(tmp_path):
    sug, message = _finding(tmp_path, "localhost:9094", "INNER://queue:9092,OUTER://localhost:9094")
    assert sug == ("queue", 9092)
    assert "`queue:9092`" in message


def test_a_host_listener_at_a_published_port_is_not_suggested_either(tmp_path):
    sug, _ = _finding(tmp_path, "localhost:19094", "INNER://queue:9092,OUTER://localhost:19094", published=19094)
    assert sug == ("queue", 9092)


@pytest.mark.parametrize("address, listeners, call, expected", [
    ("localhost:9092", "INNER://queue:9092,OUTER://localhost:9094", None, ("queue", 9092)),
    ("localhost:9094", "INNER://queue:9092,OUTER://queue:9094", None, ("queue", 9094)),
    ("localhost:9094", "INNER://kafka-0:9092,OUTER://localhost:9094", None, ("queue", 9094)),
    ("localhost:9094", "INNER://queue:9092,OUTER://localhost:9094",
     "socket.create_connection((\"localhost\", 9094))", ("queue", 9094)),
], ids=["network-port-written", "both-advertise-the-name", "no-listener-under-its-name", "a-port-probe"])
def test_the_port_written_stays_otherwise(tmp_path, address, listeners, call, expected):
    if call is None:
        sug, _ = _finding(tmp_path, address, listeners)
    else:
        sug, _ = _finding(tmp_path, address, listeners, call)
    assert sug == expected
