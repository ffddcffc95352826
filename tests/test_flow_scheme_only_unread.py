"""A client-scheme URL under a variable name that says nothing (``ledgerConn: mysql://...``) is a
target by its scheme alone; like a weak-named value naming a service, only the container's own
files can read it.  In a container built FROM a bare interpreter image whose files never name
the variable, nothing dials it: no finding.  Where a held file reads it and hands it to a client,
or where the variable's name is a strong one (``DATABASE_URL``), the finding stays."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

UNRELATED = ("import pymysql\n\n"
             "conn = pymysql.connect(host='stock-db', user='app', database='stock')\n"
             "print(conn.open)\n")
READER = ("import os\n\n"
          "import sqlalchemy\n\n"
          "engine = sqlalchemy.create_engine(os.environ['ledgerConn'])\n"
          "engine.connect()\n")


def findings(tmp_path: Path, main: str, name: str = "ledgerConn") -> list[tuple[str, str, int]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n"
                         "  ledger:\n    build: .\n"
                         "    environment:\n"
                         f"      {name}: mysql+pymysql://app@localhost:3306/ledger\n"
                         "  stock-db:\n    image: mysql:8\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY main.py /srv/main.py\nCMD [\"python\", \"main.py\"]\n",
        "main.py": main,
    }, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_scheme_url_no_held_file_names_is_dialled_nowhere(tmp_path):
    assert findings(tmp_path, UNRELATED) == []


def test_the_variable_read_and_dialled_keeps_the_finding(tmp_path):
    assert findings(tmp_path, READER) == [("DW101", "compose.yaml", 5)]


def test_a_strong_name_keeps_the_finding_by_its_name(tmp_path):
    assert findings(tmp_path, UNRELATED, name="DATABASE_URL") == [("DW101", "compose.yaml", 5)]
