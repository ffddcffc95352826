"""Uptime and infrastructure-monitoring API clients send every request to the server URL given
first: pyzabbix's ``ZabbixAPI(server=...)`` (py-zabbix's, the same module name: ``url=``; the
Zabbix web frontend's JSON-RPC API) and
uptime-kuma-api's ``UptimeKumaApi(url)`` (a Socket.IO client of the Uptime Kuma server).  A
loopback URL there, in a container beside the server's service, is that container itself."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  sync:
    build: .
    command: python main.py
  kuma:
    image: louislam/uptime-kuma:1
    expose:
      - "3001"
  frontend:
    image: zabbix/zabbix-web-nginx-pgsql:alpine-7.0-latest
    expose:
      - "8080"
"""


def _findings(tmp_path: Path, code: str) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app/\n",
        "main.py": code,
    }, git=True)
    return [(f.code, f.span.line, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("call", ['UptimeKumaApi("http://127.0.0.1:3001")', 'UptimeKumaApi(url="http://localhost:3001")'])
def test_an_uptime_kuma_client_given_loopback_dials_itself(tmp_path, call):
    code = f"from uptime_kuma_api import UptimeKumaApi\n\napi = {call}\napi.login('admin', 'pw')\n"
    assert _findings(tmp_path, code) == [("DW101", 3, "kuma:3001")]


@pytest.mark.parametrize("call", ['ZabbixAPI("http://localhost:8080")', 'ZabbixAPI(server="http://localhost:8080")',
                                  'ZabbixAPI(url="http://localhost:8080", user="Admin")'])
def test_a_zabbix_client_given_loopback_dials_itself(tmp_path, call):
    code = f"from pyzabbix import ZabbixAPI\n\nzapi = {call}\nzapi.login('Admin', 'zabbix')\n"
    assert _findings(tmp_path, code) == [("DW101", 3, "frontend:8080")]


@pytest.mark.parametrize("code", [
    "from uptime_kuma_api import UptimeKumaApi\n\nUptimeKumaApi('http://kuma:3001')\n",
    "from pyzabbix import ZabbixAPI\n\nZabbixAPI(server='http://frontend:8080')\n",
])
def test_clients_given_the_service_are_silent(tmp_path, code):
    assert _findings(tmp_path, code) == []
