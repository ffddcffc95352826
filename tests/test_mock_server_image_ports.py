"""Mock and emulator images of a test layout listen on their documented ports without publishing
them (``rules/images.yaml``): MockServer on 1080, LocalStack's Pro image on LocalStack's 4566
gateway, Prism on 4010, Toxiproxy's API on 8474.  A client in another container that dials one of
them at ``localhost`` is pointed at that service, not at a server presumed on the Docker host."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  runner:
    build: .
    command: python check.py
  fake:
    image: {image}
"""
CHECK = """\
import requests

requests.get("http://localhost:{port}/status")
"""


@pytest.mark.parametrize(("image", "port"), [
    ("mockserver/mockserver:5.15.0", 1080),
    ("localstack/localstack-pro:latest", 4566),
    ("stoplight/prism:5", 4010),
    ("ghcr.io/shopify/toxiproxy:2.9.0", 8474),
])
def test_the_unpublished_mock_service_is_suggested(tmp_path: Path, image: str, port: int):
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(image=image),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        "check.py": CHECK.format(port=port),
    }, git=True)
    [f] = run_check([tmp_path], Config(cache=False)).active
    assert f.code == "DW101"
    assert f.suggestion is not None and (f.suggestion.host, f.suggestion.port) == ("fake", port)
