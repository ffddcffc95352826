"""A socket connected to loopback, closed right after and used for nothing else, in a ``try``
outside any loop whose handler catches the refusal and goes on, only asks whether an optional
helper listens there (a device simulator on the developer's machine), as ``connect_ex`` does:
no finding.  The same connect retried in a loop (a wait for a dependency), one whose refusal
stops the program, or a socket then spoken over, stay findings."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  gadget:
    build: .
    command: ["python", "-m", "gizmo.scan"]
  ledger:
    image: redis:7
"""
DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /srv
COPY . .
"""
SCAN = """\
import socket
import sys
import time


def find_emulators():
    found = []
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(0.5)
        s.connect(("127.0.0.1", 8777))
        s.close()
        found.append("127.0.0.1:8777")
    except ConnectionRefusedError:
        pass
    return found


def wait_for_ledger():
    while True:
        try:
            w = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            w.connect(("127.0.0.1", 6379))
            w.close()
            return
        except ConnectionRefusedError:
            time.sleep(1)


def ping_ledger():
    try:
        p = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        p.connect(("localhost", 6379))
        p.sendall(b"PING\\r\\n")
        p.close()
    except OSError:
        pass


def require_ledger():
    try:
        r = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        r.connect(("localhost", 6379))
        r.close()
    except ConnectionRefusedError:
        sys.exit("ledger down")


print(find_emulators())
wait_for_ledger()
ping_ledger()
require_ledger()
"""


def test_only_the_tolerated_probe_is_silent(tmp_path: Path) -> None:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": DOCKERFILE,
        "gizmo/__init__.py": "",
        "gizmo/scan.py": SCAN,
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    assert {f"{f.span.path}:{f.span.line}" for f in found} == {
        "gizmo/scan.py:23", "gizmo/scan.py:33", "gizmo/scan.py:43"}
