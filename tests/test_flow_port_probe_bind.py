"""A socket a function opens, binds and then only closes asks whether a port is free: it is
no server, so its loopback address is no DW201.  A socket that is listened on (or handed on,
or returned) stays a server."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

PROBE = '''import socket


def free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def listener(port):
    sock = socket.socket()
    sock.bind(("127.0.0.1", port))
    {after}


if free(5005):
    listener(5005)
'''


def findings(tmp_path, after: str) -> list[tuple[int, str]]:
    make(tmp_path, {
        "compose.yaml": 'services:\n  relay:\n    build: .\n    ports: ["5005:5005"]\n',
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "relay.py"]\n',
        "relay.py": PROBE.format(after=after),
    }, git=True)
    return [(f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_bind_that_only_tests_the_port_is_no_server(tmp_path):
    assert findings(tmp_path, "sock.listen()") == [(16, "DW201")]


def test_a_bound_socket_handed_on_or_returned_may_be_served(tmp_path):
    assert findings(tmp_path, "return sock") == [(16, "DW201")]
