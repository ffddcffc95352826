"""amqtt's asyncio MQTT client (hbmqtt's before it) dials the broker URI given to
``MQTTClient.connect(uri)`` (rules/clients.yaml): ``mqtt://localhost:1883`` in a sensor
publisher's container is the container itself (DW101, the broker service as suggestion);
the broker's service name is silent."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  publisher:
    build: .
    command: python publish.py
  broker:
    image: eclipse-mosquitto:2
"""
CODE = """\
import asyncio

from {module}.client import MQTTClient


async def main():
    client = MQTTClient()
    await client.connect({uri})
    await client.publish("sensors/t", b"21.5")


asyncio.run(main())
"""


def _findings(tmp_path: Path, module: str, uri: str) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": f"FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install {module}\n",
        "publish.py": CODE.format(module=module, uri=uri),
    }, git=True)
    return [(f.code, f.span.line, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("module", ["amqtt", "hbmqtt"])
@pytest.mark.parametrize("uri", ['"mqtt://localhost:1883"', 'uri="mqtt://127.0.0.1/"'])
def test_a_loopback_broker_uri_is_flagged(tmp_path, module, uri):
    assert _findings(tmp_path, module, uri) == [("DW101", 8, "broker:1883")]


def test_the_broker_service_is_silent(tmp_path):
    assert _findings(tmp_path, "amqtt", '"mqtt://broker:1883"') == []
