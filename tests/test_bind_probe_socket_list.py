"""Free ports taken several at a time: each socket is bound (often to port 0, the kernel's
choice), kept in a list of the function's own so the ports differ, its port read, and every
socket in that list closed afterwards.  No socket is listened on, read or handed on: this
serves nothing, so no DW201 (``flow/astfacts.port_probe``).  A list whose sockets go on to
listen, or that is returned, still holds servers."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = "services:\n  web:\n    build: .\n    command: python -m svc\n    ports: [\"8000:8000\"]\n"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def flagged(tmp_path: Path, body: str) -> list[tuple[str, int, str]]:
    helper = ("import socket\n\n\ndef free_ports(count, host=\"127.0.0.1\"):\n"
              "    held = []\n    found = []\n" + body)
    main = "from svc.net import free_ports\n\nprint(free_ports(2))\n"
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "svc/__init__.py": "",
                    "svc/__main__.py": main, "svc/net.py": helper}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


CLOSED_IN_FINALLY = (
    "    try:\n"
    "        for _ in range(count):\n"
    "            sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
    "            sk.bind((host, 0))\n"
    "            held.append(sk)\n"
    "            found.append(sk.getsockname()[1])\n"
    "        return found\n"
    "    finally:\n"
    "        for each in held:\n"
    "            each.close()\n")

CLOSED_AFTER = (
    "    for _ in range(count):\n"
    "        sk = socket.socket()\n"
    "        sk.bind((host, 0))\n"
    "        found.append(sk.getsockname()[1])\n"
    "        held.append(sk)\n"
    "    for each in held:\n"
    "        each.close()\n"
    "    return found\n")


@pytest.mark.parametrize("body", [CLOSED_IN_FINALLY, CLOSED_AFTER])
def test_sockets_held_in_a_list_only_to_be_closed_serve_nothing(tmp_path, body):
    assert flagged(tmp_path, body) == []


LISTENED = (
    "    for _ in range(count):\n"
    "        sk = socket.socket()\n"
    "        sk.bind((host, 8000))\n"
    "        held.append(sk)\n"
    "    for each in held:\n"
    "        each.listen()\n"
    "    return found\n")

RETURNED = (
    "    for _ in range(count):\n"
    "        sk = socket.socket()\n"
    "        sk.bind((host, 8000))\n"
    "        held.append(sk)\n"
    "    return held\n")


@pytest.mark.parametrize("body", [LISTENED, RETURNED])
def test_a_list_of_sockets_that_go_on_to_serve_holds_servers(tmp_path, body):
    assert [code for _, _, code in flagged(tmp_path, body)] == ["DW201"]
