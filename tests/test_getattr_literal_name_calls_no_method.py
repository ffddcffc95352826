"""A method of a plain class runs only where something names it (flow/unread.py): a
``getattr`` with a name computed at run time in the class's module may call any method, so
there every method counts as called.  ``getattr(options, "timeout")``, the name written out
(with the usual space after the comma, or on the next line), looks up that one attribute: a
method nothing names still never runs, and the address it alone dials is no finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_MODULE = (
    "import requests\n"
    "\n"
    "\n"
    "class Options:\n"
    "    timeout = 5\n"
    "\n"
    "\n"
    "{lookup}\n"
    "\n"
    "\n"
    "class Courier:\n"
    "    def deliver(self):\n"
    "        requests.post('http://localhost:9000/parcels')\n"
    "\n"
    "    def ready(self):\n"
    "        return True\n"
)


def _findings(tmp_path: Path, lookup: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n  depot:\n    image: nginx:1.27\n    expose: ['9000']\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD [\"python\", \"app/main.py\"]\n",
        "app/__init__.py": "",
        "app/courier.py": _MODULE.format(lookup=lookup),
        "app/main.py": "from app.courier import Courier\n\nc = Courier()\nprint(c.ready())\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("lookup", [
    "WAIT = getattr(Options, 'timeout')",
    "WAIT = getattr(Options,\n               'timeout', 10)",
])
def test_a_name_written_out_calls_no_method(tmp_path, lookup):
    assert _findings(tmp_path, lookup) == []


def test_a_computed_name_may_call_any_method(tmp_path):
    assert _findings(tmp_path, "key = 'timeout'\nWAIT = getattr(Options, key)") == [("DW101", "depot")]
