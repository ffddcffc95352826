"""A server bound at loopback on a port its service neither publishes nor exposes, and that no
other service names, while the Python the same container runs dials that port at loopback, is
a listener meant for that container alone (an in-process message bus its publishers connect
to): binding ``0.0.0.0`` would only widen it.  No DW201 there (``checks/dw201.py``,
``flow/selfserve.py`` ``dials_port``); wherever something outside may reach the port, or
nothing in the container dials it, the loopback bind is reported as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
START = "#!/bin/sh\npython -m bus.server &\nexec python -m app\n"
PUBLISHER = ("import os\n\nimport zmq\n\n\ndef publish(data):\n"
             "    host = os.getenv('BUS_HOST', '127.0.0.1')\n    port = int(os.getenv('BUS_PORT', '5555'))\n"
             "    sock = zmq.Context().socket(zmq.PUB)\n    sock.connect(f'tcp://{host}:{port}')\n    sock.send(data)\n\n\n"
             "publish(b'x')\n")
BUS = ("import os\n\nimport zmq\n\nHOST = os.getenv('BUS_HOST', '127.0.0.1')\nPORT = os.getenv('BUS_PORT', '5555')\n"
       "sock = zmq.Context().socket(zmq.SUB)\nsock.bind(f'tcp://{HOST}:{PORT}')\n")
SERVICE = "services:\n  web:\n    build: .\n    entrypoint: ./start.sh\n"


def flagged(tmp_path: Path, compose: str = SERVICE, publisher: str = PUBLISHER) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "start.sh": START,
                    "app/__init__.py": "", "app/__main__.py": publisher,
                    "bus/__init__.py": "", "bus/server.py": BUS}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_bus_only_its_own_container_dials_is_private(tmp_path):
    assert flagged(tmp_path) == []


def test_a_published_port_is_reached_from_outside(tmp_path):
    assert flagged(tmp_path, SERVICE + "    ports: ['5555:5555']\n") == [("bus/server.py", 5, "DW201")]


def test_another_service_dialling_it_is_reached_from_outside(tmp_path):
    other = ("  feed:\n    image: example/feed:1\n    environment:\n"
             "      FEED_BROKER_URL: tcp://web:5555\n")
    assert ("bus/server.py", 5, "DW201") in flagged(tmp_path, SERVICE + other)


def test_a_bind_nothing_in_the_container_dials_is_still_reported(tmp_path):
    assert flagged(tmp_path, publisher="print('idle')\n") == [("bus/server.py", 5, "DW201")]


def test_a_port_the_stack_owner_publishes_is_reached_from_outside(tmp_path):
    # the service runs in a gateway's network stack, and the gateway publishes 5555: that
    # forward reaches the stack's interface, never the bus's loopback
    compose = (SERVICE + "    network_mode: service:gate\n"
               "  gate:\n    image: example/tunnel:1\n    ports: ['5555:5555']\n")
    assert flagged(tmp_path, compose) == [("bus/server.py", 5, "DW201")]
