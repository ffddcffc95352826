"""influxdb-client-python's ``InfluxDBClient.from_env_properties()`` dials the URL of
INFLUXDB_V2_URL, read by that name inside the library (rules/flow.yaml: a strong name, and an
env_readers entry for influxdb_client).  A collector whose Compose environment gives it
``http://localhost:8086`` reaches its own container (DW101, the influxdb service as
suggestion), though its own code never names the variable; the service's name is silent."""
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
    env_file: .env
  influxdb:
    image: influxdb:2.7
"""
CODE = """\
from influxdb_client import InfluxDBClient, Point

client = InfluxDBClient.from_env_properties()
client.write_api().write(bucket="sensors", record=Point("t").field("v", 21.5))
"""


@pytest.mark.parametrize("url, expected", [
    ("http://localhost:8086", [("DW101", "influxdb:8086")]),
    ("http://influxdb:8086", []),
])
def test_the_env_properties_url_is_dialled(tmp_path: Path, url, expected):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        ".env": f"INFLUXDB_V2_URL={url}\nINFLUXDB_V2_TOKEN=t\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY collect.py /app/\nRUN pip install influxdb-client\n",
        "collect.py": CODE,
    }, git=True)
    found = [(f.code, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
             for f in run_check([tmp_path], Config(cache=False)).active]
    assert found == expected
