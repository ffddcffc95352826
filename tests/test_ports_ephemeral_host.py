"""Host port 0 in a short ``ports`` entry (``"0:5432"``) asks the engine for a port it picks, as
an entry without a host port does (``"5432"``): a valid Compose file, not a "cannot parse ports
entry" error, and no host port a service could be addressed at.  A literal entry that cannot be
read stays an error, and a published port dialled inside the network stays DW103."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = """\
import os

import psycopg2

conn = psycopg2.connect(os.environ["DATABASE_URL"])
"""


def _run(tmp_path: Path, ports: str, url: str = "postgresql://u:p@ledger:5432/app"):
    make(tmp_path, {
        "compose.yaml": ("services:\n"
                         "  api:\n    build: .\n    command: python app.py\n"
                         f"    environment:\n      DATABASE_URL: {url}\n"
                         f"  ledger:\n    image: postgres:16\n    ports:\n{ports}"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app.py": APP,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return [e.message for e in result.errors], [f.code for f in result.active]


def test_host_port_zero_is_an_ephemeral_port(tmp_path):
    assert _run(tmp_path, "      - \"0:5432\"\n      - \"127.0.0.1:0:5433\"\n") == ([], [])


def test_a_literal_entry_that_cannot_be_read_is_still_an_error(tmp_path):
    assert _run(tmp_path, "      - \"0:5432\"\n      - 'five:5432'\n") == (["cannot parse ports entry 'five:5432'"], [])


def test_a_published_port_dialled_inside_the_network_is_still_reported(tmp_path):
    assert _run(tmp_path, "      - \"0:5432\"\n      - \"15432:5432\"\n", "postgresql://u:p@ledger:15432/app") \
        == ([], ["DW103"])
