"""A module-level function that dials runs only where something names it.  Another module's
string that merely holds the same word (a table's name in a list a method loops over, a key)
is data, not a reference, where that module never names the module that defines the function:
code reaches a function by a string only through its module (``getattr(reports, "...")``,
``"pkg.reports.summarize"``).  The string keeps naming it where the module is named there, and
a real call keeps the finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

REPORTS = (
    "import requests\n\n\n"
    "def summarize(text):\n"
    "    reply = requests.post(\"http://localhost:11434/api/generate\", json={\"prompt\": text}, timeout=5)\n"
    "    return reply.json()\n"
)

STORE_DATA = (
    "class Store:\n"
    "    def __init__(self, conn):\n        self.conn = conn\n\n"
    "    def wipe(self):\n"
    "        tables = [\n            'summarize',\n            'entries',\n        ]\n"
    "        for table in tables:\n            self.conn.execute(f\"DROP TABLE IF EXISTS {table}\")\n"
)

STORE_BY_MODULE = (
    "from app import reports\n\n\n"
    "class Store:\n"
    "    def __init__(self, conn):\n        self.conn = conn\n\n"
    "    def hook(self):\n"
    "        return getattr(reports, 'summarize')\n"
)

STORE_CALL = (
    "from app.reports import summarize\n\n\n"
    "class Store:\n"
    "    def __init__(self, conn):\n        self.conn = conn\n\n"
    "    def hint(self, text):\n"
    "        return summarize(text)\n"
)


def _codes(tmp_path: Path, store: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: gunicorn app.server:app\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/reports.py": REPORTS,
        "app/store.py": store,
        "app/server.py": "from flask import Flask\n\nfrom app import reports  # noqa: F401\n"
                         "from app.store import Store\n\napp = Flask(__name__)\nstore = Store(None)\n",
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


def test_string_holding_the_name_in_another_module_is_no_call(tmp_path: Path) -> None:
    assert _codes(tmp_path, STORE_DATA) == []


def test_string_beside_the_defining_module_still_names_it(tmp_path: Path) -> None:
    assert _codes(tmp_path, STORE_BY_MODULE) == ["DW101"]


def test_real_call_keeps_the_finding(tmp_path: Path) -> None:
    assert _codes(tmp_path, STORE_CALL) == ["DW101"]
