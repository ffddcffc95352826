"""Telemetry clients given no address dial their library's default: influxdb-python's
``InfluxDBClient(database="sensors")`` dials localhost:8086 (``host='localhost', port=8086``
in its signature, DataFrameClient alike), and paho's one-shot helpers
``publish.single(topic, payload)`` / ``subscribe.simple(topic)`` the broker at
localhost:1883 (``hostname='localhost'``).  Inside a sensor collector's container that is the
container itself: DW101 with the broker's or the database's service as suggestion.  Not where
the host is given."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  collector:
    build: .
    command: python collect.py
  broker:
    image: eclipse-mosquitto:2
  tsdb:
    image: influxdb:1.8
"""


def _findings(tmp_path: Path, body: str) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install influxdb paho-mqtt\n",
        "collect.py": "from influxdb import InfluxDBClient, DataFrameClient\n"
                      "import paho.mqtt.publish as publish\nimport paho.mqtt.subscribe as subscribe\n\n" + body,
    }, git=True)
    return [(f.code, f.span.line, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("body, target", [
    ('db = InfluxDBClient(database="sensors")\ndb.write_points([])\n', "tsdb:8086"),
    ('db = DataFrameClient(username="u", password="p", database="sensors")\ndb.query("select 1")\n', "tsdb:8086"),
    ('publish.single("sensors/t", "21.5")\n', "broker:1883"),
    ('msg = subscribe.simple("sensors/#")\n', "broker:1883"),
    ('publish.multiple([{"topic": "sensors/t", "payload": "21.5"}])\n', "broker:1883"),
])
def test_a_telemetry_client_given_no_address_dials_its_default(tmp_path, body, target):
    assert _findings(tmp_path, body) == [("DW101", 5, target)]


@pytest.mark.parametrize("body", [
    'db = InfluxDBClient("tsdb", 8086, database="sensors")\ndb.write_points([])\n',
    'db = InfluxDBClient(host="tsdb", database="sensors")\ndb.write_points([])\n',
    'publish.single("sensors/t", "21.5", hostname="broker")\n',
    'msg = subscribe.simple("sensors/#", hostname="broker", port=1883)\n',
    # the broker given by position: single(topic, payload, qos, retain, hostname, port),
    # multiple(msgs, hostname, port)
    'publish.single("sensors/t", "21.5", 1, False, "broker", 1883)\n',
    'publish.multiple([{"topic": "sensors/t"}], "broker")\n',
])
def test_a_telemetry_client_given_its_server_is_silent(tmp_path, body):
    assert _findings(tmp_path, body) == []
