"""Vexa Lite (``vexaai/vexa-lite``) runs its services and a Redis of its own in one container
under supervisord (docs.vexa.ai, "Vexa Lite deployment": "Built-in Redis", "All internal services
communicate over localhost"): ``REDIS_URL: redis://localhost:6379/0`` in its environment is its
own Redis, not a server missing from the stack.  The same value given to an image that bundles
no Redis stays a finding; so does a loopback port the image does not serve."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  vexa:
    image: {image}
    environment:
      DATABASE_URL: postgresql://vexa:pw@postgres:5432/vexa
      REDIS_URL: redis://localhost:{port}/0
    ports:
      - "8056:8056"
  postgres:
    image: postgres:16
"""


def _findings(tmp_path: Path, image: str, port: int = 6379) -> list[tuple[str, int]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(image=image, port=port)}, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_its_own_redis(tmp_path):
    assert _findings(tmp_path, "vexaai/vexa-lite:latest") == []


def test_pinned_by_digest(tmp_path):
    assert _findings(tmp_path, "vexaai/vexa-lite@sha256:" + "ab" * 32) == []


def test_a_port_it_does_not_serve(tmp_path):
    assert _findings(tmp_path, "vexaai/vexa-lite:latest", 6380) == [("DW101", 6)]


def test_an_image_without_a_redis_of_its_own(tmp_path):
    assert _findings(tmp_path, "vexaai/vexa:latest") == [("DW101", 6)]
