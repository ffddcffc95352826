"""Prometheus exporters scrape one server whose address they read from the environment (their
READMEs: Locust's exporter ``LOCUST_EXPORTER_URI``, Redis's ``REDIS_ADDR``, PostgreSQL's
``DATA_SOURCE_NAME``/``DATA_SOURCE_URI``; ``rules/images.yaml`` ``dials``): a loopback there
is the exporter's own container, not the Locust master, the cache or the database beside it.
The service name, and a loopback under ``network_mode: host``, are right."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """services:
  swarm-master:
    image: locustio/locust:2.31.0
    command: -f /mnt/locust/scenario.py --master
    ports: ["8089:8089"]
  swarm-metrics:
    image: containersol/locust_exporter:v0.5.0
    environment:
      LOCUST_EXPORTER_URI: @LOCUST@
  sessions:
    image: redis:7
  sessions-metrics:
    image: oliver006/redis_exporter:v1.62.0
    environment:
      REDIS_ADDR: @REDIS@
  ledger:
    image: postgres:16
  ledger-metrics:
    image: quay.io/prometheuscommunity/postgres-exporter:v0.15.0
    environment:
      DATA_SOURCE_NAME: @PG@
"""


def findings(tmp_path: Path, locust: str = "http://swarm-master:8089", redis: str = "redis://sessions:6379",
             pg: str = "postgresql://exporter:pw@ledger:5432/postgres?sslmode=disable",
             extra: str = "") -> list[tuple[int, str, str, str]]:
    compose = COMPOSE.replace("@LOCUST@", locust).replace("@REDIS@", redis).replace("@PG@", pg) + extra
    make(tmp_path, {"compose.yaml": compose}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.line, f.code, ",".join(f.services), f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else "")
                  for f in result.active)


def test_service_names_are_right(tmp_path):
    assert findings(tmp_path) == []


def test_a_loopback_locust_uri_is_reported(tmp_path):
    assert findings(tmp_path, locust="http://localhost:8089") == [(9, "DW101", "swarm-metrics", "swarm-master:8089")]


def test_a_loopback_redis_and_postgres_address_are_reported(tmp_path):
    got = findings(tmp_path, redis="redis://localhost:6379", pg="postgresql://exporter:pw@127.0.0.1:5432/postgres")
    assert got == [(15, "DW101", "sessions-metrics", "sessions:6379"), (21, "DW101", "ledger-metrics", "ledger:5432")]


def test_a_loopback_under_host_networking_is_right(tmp_path):
    extra = """  host-metrics:
    image: containersol/locust_exporter
    network_mode: host
    environment:
      LOCUST_EXPORTER_URI: http://localhost:8089
"""
    assert findings(tmp_path, extra=extra) == []
