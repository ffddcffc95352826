"""A client given a loopback host together with a port read back from a listener of its
own process (the local end of an SSH tunnel, ``tunnel.local_bind_port``) dials that
listener inside its own container: no finding.  The same client given a loopback host with a
port it writes out still dials a server that is not in the container."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  loader:
    build: .
    command: python nightly.py
"""
NIGHTLY = """\
import os

import psycopg2
import sqlalchemy
from sshtunnel import SSHTunnelForwarder


def copy_rows():
    hop = SSHTunnelForwarder(("jump.example.net", 22), ssh_username="loader",
                             remote_bind_address=(os.environ["WAREHOUSE_HOST"], 5432))
    hop.start()
    through_tunnel = psycopg2.connect(host="127.0.0.1", port=hop.local_bind_port, dbname="wh")
    first_port = psycopg2.connect(host="localhost", port=hop.local_bind_ports[0], dbname="wh")
    engine = sqlalchemy.create_engine(f"postgresql://loader@localhost:{{hop.local_bind_port}}/wh")
    {extra}


copy_rows()
"""


def _findings(tmp_path: Path, extra: str = "pass") -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "nightly.py": NIGHTLY.format(extra=extra),
    }, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_loopback_with_the_tunnels_local_port_is_silent(tmp_path):
    assert _findings(tmp_path) == []


def test_loopback_with_a_written_port_is_still_reported(tmp_path):
    direct = 'direct = psycopg2.connect(host="localhost", port=5432, dbname="wh")'
    assert _findings(tmp_path, direct) == [("DW101", 15)]


def test_loopback_with_a_port_from_elsewhere_is_still_reported(tmp_path):
    other = 'other = sqlalchemy.create_engine(f"postgresql://loader@localhost:{os.environ[\'WH_PORT\']}/wh")'
    assert _findings(tmp_path, other) == [("DW101", 15)]
