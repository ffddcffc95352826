"""A socket bound only to learn whether an address is free (bound, then closed; never
listening, receiving or handed on) serves nothing: no DW201.  A socket that goes on to
listen or receive is a server (``flow/astfacts.port_probe``, ``rules/flow.yaml`` socket_setup_methods)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = "services:\n  web:\n    build: .\n    command: python -m app\n    ports: [\"8000:8000\"]\n"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def flagged(tmp_path: Path, body: str) -> list[tuple[str, int, str]]:
    ports = f"import contextlib\nimport socket\n\n\ndef check(port):\n{body}\n"
    main = "from app.ports import check\n\ncheck(8000)\n"
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": main, "app/ports.py": ports}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


@pytest.mark.parametrize("body", [
    "    with contextlib.closing(socket.socket()) as s:\n"
    "        try:\n            s.bind((\"127.0.0.1\", port))\n            return True\n"
    "        except OSError:\n            return False",
    "    s = socket.socket()\n    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
    "    try:\n        s.bind((\"127.0.0.1\", port))\n    finally:\n        s.close()",
])
def test_a_bind_that_only_tests_the_address_serves_nothing(tmp_path, body):
    assert flagged(tmp_path, body) == []


@pytest.mark.parametrize("body", [
    "    s = socket.socket()\n    s.bind((\"127.0.0.1\", port))\n    s.listen()",
    "    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n    s.bind((\"127.0.0.1\", port))\n"
    "    while True:\n        s.recvfrom(1024)",
    "    s = socket.socket()\n    s.bind((\"127.0.0.1\", port))\n    return s",
])
def test_a_socket_that_goes_on_to_serve_is_a_server(tmp_path, body):
    assert flagged(tmp_path, body) == [("app/ports.py", 7, "DW201")]
