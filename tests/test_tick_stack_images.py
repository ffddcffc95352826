"""The TICK stack's images dial InfluxDB at the URL their environment gives (rules/images.yaml
dials): Chronograf's INFLUXDB_URL and KAPACITOR_URL, Kapacitor's KAPACITOR_INFLUXDB_0_URLS_0.
``http://localhost:8086`` there is the UI's own container (DW101, the influxdb service as
suggestion); the service's name is silent.  TimescaleDB's HA image listens on 5432 like
postgres, so a client dialling its published port from inside the network is DW103."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  influxdb:
    image: influxdb:1.8
  kapacitor:
    image: kapacitor:1.7
  ui:
    image: {image}
    environment:
      {name}: {value}
"""


def _findings(tmp_path: Path, compose: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {"compose.yaml": compose}, git=True)
    return [(f.code, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("image, name, target", [
    ("chronograf:1.10", "INFLUXDB_URL", "influxdb:8086"),
    ("chronograf:1.10", "KAPACITOR_URL", "kapacitor:9092"),
    ("kapacitor:1.7", "KAPACITOR_INFLUXDB_0_URLS_0", "influxdb:8086"),
])
def test_a_tick_image_dials_the_url_it_is_given(tmp_path, image, name, target):
    port = target.rsplit(":", 1)[1]
    compose = COMPOSE.format(image=image, name=name, value=f"http://localhost:{port}")
    assert _findings(tmp_path, compose) == [("DW101", target)]


def test_the_service_name_is_silent(tmp_path):
    compose = COMPOSE.format(image="chronograf:1.10", name="INFLUXDB_URL", value="http://influxdb:8086")
    assert _findings(tmp_path, compose) == []


def test_timescaledb_ha_listens_on_5432(tmp_path):
    compose = """\
services:
  timescale:
    image: timescale/timescaledb-ha:pg16
    ports: ["15432:5432"]
  api:
    build: .
    command: python api.py
"""
    make(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY api.py /app/\n",
        "api.py": "import psycopg2\n\nconn = psycopg2.connect(host='timescale', port=15432, dbname='ql')\n",
    }, git=True)
    assert _findings(tmp_path, compose) == [("DW103", "timescale:5432")]
