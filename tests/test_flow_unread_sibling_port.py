"""``DB_HOST`` beside ``DB_PORT``: the port written next to a host variable is the pair's only
where something in the container reads it.  A client given the host alone dials its default
port, so a wrong ``DB_PORT`` that nothing reads breaks nothing and is not reported; where the
code reads it (or the start command does), the host-published port is still DW103."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  ledger:
    build: ./ledger
    environment:
      LEDGER_DB_HOST: store
      LEDGER_DB_PORT: 6543
{command}
  store:
    image: postgres:16
    ports: ["6543:5432"]
"""
HOST_ONLY = """\
import os

import psycopg2

conn = psycopg2.connect(host=os.environ["LEDGER_DB_HOST"], dbname="ledger")
"""
HOST_AND_PORT = """\
import os

import psycopg2

conn = psycopg2.connect(host=os.environ["LEDGER_DB_HOST"], port=int(os.environ["LEDGER_DB_PORT"]))
"""


def _codes(tmp_path: Path, code: str, command: str = "") -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(command=command),
        "ledger/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"main.py\"]\n",
        "ledger/main.py": code,
    }, git=True)
    return [(f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_port_variable_nothing_reads_is_not_dialled(tmp_path):
    assert _codes(tmp_path, HOST_ONLY) == []


def test_a_port_variable_the_code_reads_keeps_its_finding(tmp_path):
    assert _codes(tmp_path, HOST_AND_PORT) == [("compose.yaml", 5, "DW103")]


def test_a_port_variable_the_start_command_reads_keeps_its_finding(tmp_path):
    command = '    command: sh -c "wait-for-it $${LEDGER_DB_HOST}:$${LEDGER_DB_PORT} -- python main.py"'
    assert [c for _, _, c in _codes(tmp_path, HOST_ONLY, command)] == ["DW103"]
