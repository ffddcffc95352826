"""Logging handlers that ship records to a SIEM's collector send them to the host they are
given (rules/clients.yaml): python-logstash's ``LogstashHandler(host, port=5959)`` and
``TCPLogstashHandler``, pygelf's ``GelfUdpHandler(host=..., port=...)``.  In a container,
``localhost`` there is the container itself: the records are lost silently (DW101, the
collector's service as suggestion, at Logstash's default port where none is given)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  sensor:
    build: .
    command: python sensor.py
  collector:
    build: ./collector
    expose: ["5959", "12201"]
"""


@pytest.mark.parametrize("imports, handler, target", [
    ("import logstash", "logstash.LogstashHandler('localhost', 5959, version=1)", "collector:5959"),
    ("import logstash", "logstash.TCPLogstashHandler('localhost', version=1)", "collector:5959"),
    ("from pygelf import GelfUdpHandler", "GelfUdpHandler(host='127.0.0.1', port=12201)", "collector:12201"),
    ("import logstash", "logstash.TCPLogstashHandler('collector', 5959, version=1)", None),
])
def test_a_log_shipper_sends_to_its_host(tmp_path: Path, imports, handler, target):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY sensor.py /app/\n",
        "sensor.py": f"import logging\n{imports}\n\nlog = logging.getLogger('sensor')\nlog.addHandler({handler})\nlog.warning('tamper')\n",
        "collector/Dockerfile": "FROM python:3.12-slim\nCMD [\"python\", \"-m\", \"http.server\", \"5959\"]\n",
    }, git=True)
    found = [(f.code, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
             for f in run_check([tmp_path], Config(cache=False)).active]
    assert found == ([("DW101", target)] if target else [])
