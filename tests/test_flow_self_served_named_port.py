"""A server the container's own Python binds serves a loopback address of its port there
(``flow/selfserve.py``) also where the bind takes its port from an address string
(``sock.bind("tcp://0.0.0.0:5555")``), or from a name its scope binds to a literal or to the
default of an environment read the service does not set
(``PORT = os.getenv("BUS_PORT", "5555")``, ``sock.bind(f"tcp://{HOST}:{PORT}")``): an
in-process message bus whose publishers, in the same container, dial it at loopback."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
START = "#!/bin/sh\npython -m bus.server &\nexec python -m app\n"
PUBLISHER = ("import zmq\n\n\ndef publish(data):\n    sock = zmq.Context().socket(zmq.PUB)\n"
             "    sock.connect('tcp://127.0.0.1:5555')\n    sock.send(data)\n\n\npublish(b'x')\n")
ENV_BUS = ("import os\n\nimport zmq\n\n\nclass Bus:\n    def __init__(self):\n"
           "        host = os.getenv('BUS_HOST', '0.0.0.0')\n        port = int(os.getenv('BUS_PORT', '{default}'))\n"
           "        self.sock = zmq.Context().socket(zmq.SUB)\n        self.sock.bind(f'tcp://{host}:{port}')\n\n\n"
           "Bus()\n")
LITERAL_BUS = ("import zmq\n\nsock = zmq.Context().socket(zmq.SUB)\nsock.bind('tcp://0.0.0.0:{default}')\n")


def flagged(tmp_path: Path, bus: str, environment: str = "") -> list[tuple[str, int, str]]:
    compose = "services:\n  web:\n    build: .\n    entrypoint: ./start.sh\n" + environment
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "start.sh": START,
                    "app/__init__.py": "", "app/__main__.py": PUBLISHER,
                    "bus/__init__.py": "", "bus/server.py": bus}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


@pytest.mark.parametrize("bus", [ENV_BUS, LITERAL_BUS])
def test_the_bus_the_container_binds_is_its_own(tmp_path, bus):
    assert flagged(tmp_path, bus.replace("{default}", "5555")) == []


@pytest.mark.parametrize("bus", [ENV_BUS, LITERAL_BUS])
def test_a_bus_on_another_port_is_not_that_address(tmp_path, bus):
    assert flagged(tmp_path, bus.replace("{default}", "5556")) == [("app/__main__.py", 6, "DW101")]


def test_a_port_written_after_the_host_in_an_fstring(tmp_path):
    bus = "import zmq\n\nHOST = '0.0.0.0'\nsock = zmq.Context().socket(zmq.SUB)\nsock.bind(f'tcp://{HOST}:5555')\n"
    assert flagged(tmp_path, bus) == []


def test_a_default_the_service_replaces_binds_nothing_there(tmp_path):
    # the service sets BUS_PORT: the bus listens on 6000, and the publisher's 5555 misses
    env = "    environment:\n      BUS_PORT: '6000'\n"
    assert flagged(tmp_path, ENV_BUS.replace("{default}", "5555"), env) == [("app/__main__.py", 6, "DW101")]
