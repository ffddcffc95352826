"""PostgreSQL's server control program starts the server beside the app in an all-in-one
container: ``su postgres -c "pg_ctl -D /data start"`` in the entrypoint, then the app.  Its
action may stand anywhere among its options, and the port is postgres's own option passed
through ``-o`` (``-o "-p 5433"``, ``-o "-c port=5433"``, ``--options="-p 5433"``, the last
one winning, also from a variable, ``-o "$OPTS"``); pg_ctl's own ``-p`` is the path of the
postgres binary, and postgres itself takes the same (``postgres -c port=5433``).  The app's loopback address of that port is right there
(``rules/commands.yaml`` daemons).  Another action (``stop``, ``status``), another port, or
one not known leaves the address reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["./start.sh"]\n'
APP = 'import psycopg2\n\nconn = psycopg2.connect(host="localhost", port=5432, dbname="ledger")\n'


def flagged(tmp_path: Path, first: str) -> list[tuple[str, str]]:
    script = f"#!/bin/sh\nset -e\n{first}\nexec python -m app.main\n"
    make(tmp_path, {"app/__init__.py": "", "app/main.py": APP, "Dockerfile": DOCKERFILE,
                    "start.sh": script}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("first", [
    'su postgres -c "pg_ctl -D /var/lib/postgresql/data start -w"',
    "/usr/lib/postgresql/16/bin/pg_ctl start -D /data -l /tmp/pg.log",
    'pg_ctl -D /data -o "-c port=5432" -w restart',
    'pg_ctl -D /data --options="-k /tmp -p 5432" start',
    'OPTS="-c port=5432"\npg_ctl -D /data -o "$OPTS" start',  # the options held in a variable
    # the server itself, its port given as a setting
    "postgres -D /data -c port=5432 &",
    'su postgres -c "postgres -D /data --port=5432 -c listen_addresses=localhost" &',
    'pg_ctl -p /usr/lib/postgresql/16/bin/postgres -D /data start',
])
def test_a_server_pg_ctl_starts_is_the_containers_own(tmp_path, first):
    assert flagged(tmp_path, first) == []


@pytest.mark.parametrize("first", [
    "pg_ctl -D /data status || true",
    "pg_ctl -D /data stop -m fast",
    'pg_ctl -D /data start -o "-p 5433"',  # it listens elsewhere: 5432 is nobody's here
    'pg_ctl -D /data start -o "-c port=5434"',
    'pg_ctl -D /data start --options="-c port=5434"',  # the long option's attached form
    'pg_ctl -D /data -o "-p 5432" --options="-p 5433" start',  # the last one wins
    # the options held in a variable: its setting moves the port (5432 was pg_ctl's default)
    'OPTS="-c port=5433"\npg_ctl -D /data -o "$OPTS" start',
    'OPTS="-c listen_addresses=* -c port=5433"\nsu postgres -c "pg_ctl -D /data -o \\"$OPTS\\" start"',
    'OPTS="-p 5433"\npg_ctl -D /data -o "$OPTS" start',
    "postgres -D /data -c port=5433 &",
    "postgres -D /data --port=5433 &",
    'gosu postgres postgres -D /data -c listen_addresses=* -c "port=${PGPORT}" &',
    'pg_ctl -D /data -o "-c port=5433 -p 5432 -c port=5434" start',  # the last one wins
    'pg_ctl -D /data start -o "-c port=$PGPORT"',  # where it listens is not known
])
def test_without_a_server_on_that_port_the_address_is_reported(tmp_path, first):
    assert flagged(tmp_path, first) == [("app/main.py", "DW101")]
