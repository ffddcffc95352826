"""A loopback address written as an f-string whose literal part holds the host and its colon
and whose port is a formatted value the code says plainly (``f"localhost:{Ports.QUEUE}"`` with
``class Ports: QUEUE = 9090`` in a project module, ``f"127.0.0.1:{QUEUE_PORT}"``): the port is
that value.  In a container that serves on another port, the address reaches no server of its
own, and the service listening on that port is named.  A port the code does not say plainly
(``f"localhost:{os.environ['P']}"``, the default of an environment read, a settings field) stays unknown: such a container may be dialling itself."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  portal:
    build: .
    command: python -m flask run --host 0.0.0.0 --port 5000
    environment:
      FLASK_APP: web/portal.py
    expose: ["5000"]
  rpc:
    build: .
    command: python -m rpcsvc
    expose: ["9090"]
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /w\nCOPY . .\n"
PORTS = "class Ports:\n    QUEUE = 9090\n    PORTAL = 5000\n"
PORTAL = """\
import os

import grpc
from flask import Flask

from ports import Ports

QUEUE_PORT = 9090
READ_PORT = int(os.getenv("QUEUE_PORT", "9090"))
app = Flask(__name__)
channel = grpc.insecure_channel({address})
"""


def _findings(tmp_path: Path, address: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "ports.py": PORTS,
                    "rpcsvc/__init__.py": "", "rpcsvc/__main__.py": "print('serving')\n",
                    "web/portal.py": PORTAL.format(address=address)}, git=True)
    return [(f.code, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_class_constant_port_after_the_host_and_its_colon(tmp_path):
    assert _findings(tmp_path, 'f"localhost:{Ports.QUEUE}"') == [("DW101", "rpc:9090")]


def test_a_module_constant_port_after_the_host_and_its_colon(tmp_path):
    assert _findings(tmp_path, 'f"127.0.0.1:{QUEUE_PORT}"') == [("DW101", "rpc:9090")]


def test_the_literal_address_as_before(tmp_path):
    assert _findings(tmp_path, '"localhost:9090"') == [("DW101", "rpc:9090")]


def test_the_container_s_own_port_is_its_own_server(tmp_path):
    assert _findings(tmp_path, 'f"localhost:{Ports.PORTAL}"') == []


def test_a_port_read_from_the_environment_stays_unknown(tmp_path):
    assert _findings(tmp_path, 'f"localhost:{os.environ[\'QUEUE_PORT\']}"') == []


def test_an_environment_read_s_default_stays_unknown(tmp_path):
    # the service's environment may give the port another value (its own server's)
    assert _findings(tmp_path, 'f"localhost:{READ_PORT}"') == []
