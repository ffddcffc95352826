"""A service whose network stack another service joins (``network_mode: service:app``) shares its
loopback with it: where the joiner runs an image the project does not build and whose ports the
layout never declares (a runtime sidecar, a database proxy), a loopback address in the
application may well be that sidecar: no finding.  A port another service of the layout serves,
or the same address with no joiner, is still reported."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = """\
import os
import time

import requests

proxy_url = f"http://localhost:{os.environ.get('PROXY_PORT', '4100')}/v1/publish"
fixed_url = "http://127.0.0.1:4100/v1/state"

while True:
    requests.post(proxy_url, json={"id": 1})
    requests.get(fixed_url)
    {extra}
    time.sleep(1)
"""
SIDECAR = """\
  app-proxy:
    image: vendor/runtime-proxy:2
    command: ["./proxy", "--app-id", "app"]
    network_mode: "service:app"
"""


def _findings(tmp_path: Path, extra: str = "pass", sidecar: bool = True) -> list[tuple[str, int]]:
    compose = "services:\n  app:\n    build: .\n    command: python app.py\n" \
              "  cache:\n    image: redis:7\n" + (SIDECAR if sidecar else "")
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app.py": APP.replace("{extra}", extra),
    }, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_loopback_beside_a_sidecar_in_its_stack_is_silent(tmp_path):
    assert _findings(tmp_path) == []


def test_loopback_without_the_sidecar_is_still_reported(tmp_path):
    assert _findings(tmp_path, sidecar=False) == [("DW101", 6), ("DW101", 7)]


def test_loopback_at_a_port_another_service_serves_is_still_reported(tmp_path):
    cache = 'requests.get("http://localhost:6379/")'
    assert _findings(tmp_path, cache) == [("DW101", 12)]
