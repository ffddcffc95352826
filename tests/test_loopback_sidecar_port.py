"""A loopback address whose port is read from a variable that a sidecar's launcher sets for the
application to reach it (Dapr's ``DAPR_HTTP_PORT``, ``DAPR_GRPC_PORT``: ``rules/flow.yaml``
sidecar_port_env) dials that sidecar, which runs in the container's own network stack (a pod's
injected sidecar, ``dapr run``): no finding, whether the image runs under Compose or alone.  The
same code given a loopback port from any other variable still dials a server that is not there."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  orders:
    build: .
    command: python publisher.py
"""
PUBLISHER = """\
import os
import time

import requests

sidecar_port = os.getenv("DAPR_HTTP_PORT", 3500)
publish_url = "http://localhost:{}/v1.0/publish/pubsub/orders".format(sidecar_port)
state_url = f"http://127.0.0.1:{os.environ.get('DAPR_GRPC_PORT', '50001')}/v1.0/state/store"

while True:
    requests.post(publish_url, json={"id": 1})
    requests.get(state_url)
    {extra}
    time.sleep(1)
"""


def _findings(tmp_path: Path, extra: str = "pass", compose: bool = True) -> list[tuple[str, int]]:
    files = {
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"publisher.py\"]\n",
        "publisher.py": PUBLISHER.replace("{extra}", extra),
    }
    if compose:
        files["compose.yaml"] = COMPOSE
    make(tmp_path, files, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_loopback_at_the_sidecars_port_is_silent(tmp_path):
    assert _findings(tmp_path) == []


def test_loopback_at_the_sidecars_port_is_silent_for_an_image_run_alone(tmp_path):
    assert _findings(tmp_path, compose=False) == []


def test_loopback_at_another_variables_port_is_still_reported(tmp_path):
    other = 'requests.get("http://localhost:{}/health".format(os.getenv("ORDERS_API_PORT", 8080)))'
    assert _findings(tmp_path, other) == [("DW101", 13)]


def test_loopback_at_another_variables_port_is_still_reported_for_an_image_run_alone(tmp_path):
    other = 'requests.get(f"http://localhost:{os.environ[\'ORDERS_API_PORT\']}/health")'
    assert _findings(tmp_path, other, compose=False) == [("DW101", 13)]
