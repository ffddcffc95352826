"""Two documentation preview servers bind loopback by default: ``sphinx-autobuild``
(127.0.0.1:8000, ``--host``/``--port``) and ``lektor server`` (127.0.0.1:5000,
``-h``/``-p``).  Run as a Compose service that publishes the port, the preview is
unreachable unless the command gives an interface of its own."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nRUN pip install sphinx-autobuild lektor\nCOPY . /site\nWORKDIR /site\n"


def codes(tmp_path, command: str, port: int):
    compose = f"services:\n  manual:\n    build: .\n    command: {command}\n    ports: ['{port}:{port}']\n"
    make(tmp_path, {"docker-compose.yml": compose, "Dockerfile": DOCKERFILE, "pages/index.rst": "Manual\n"}, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize(("command", "port"), [
    ("sphinx-autobuild -b html pages out --port 8000", 8000),
    ("python -m sphinx_autobuild pages out", 8000),
    ("lektor --project /site server -p 5000", 5000),
])
def test_a_loopback_default_preview_is_reported(tmp_path, command, port):
    assert codes(tmp_path, command, port) == ["DW201"]


@pytest.mark.parametrize(("command", "port"), [
    ("sphinx-autobuild -b html pages out --host 0.0.0.0 --port 8000", 8000),
    ("lektor --project /site server -h 0.0.0.0 -p 5000", 5000),
])
def test_a_preview_on_every_interface_is_not(tmp_path, command, port):
    assert codes(tmp_path, command, port) == []
