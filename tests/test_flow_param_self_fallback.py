"""A parameter given its own fallback in the body, ``url = url or DEFAULT``, then dialled:
the fallback runs where every call leaves the parameter empty, as it does for the inline
``connect(url or DEFAULT)``.  A call that hands the parameter a value keeps the fallback dead,
and a function that rebinds the parameter some other way too keeps it the operator's."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_COMPOSE = ("services:\n  jobs:\n    build: .\n    command: python -m pkg.start\n"
            "  ledger:\n    image: postgres:16\n")


def _findings(tmp_path: Path, body: str, call: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "pkg/__init__.py": "",
        "pkg/store.py": ("from sqlalchemy import create_engine\n\n"
                         "FALLBACK = \"postgresql://u:p@localhost:5432/books\"\n\n\n"
                         f"def open_store(url=None):\n{body}"),
        "pkg/start.py": f"from pkg.store import open_store\n\nengine = {call}\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("body", [
    "    url = url or FALLBACK\n    return create_engine(url)\n",
    "    url = url or \"postgresql://u:p@localhost:5432/books\"\n    return create_engine(url)\n",
    "    url: str = url or FALLBACK\n    return create_engine(url)\n",
    "    return create_engine(url or FALLBACK)\n",
])
def test_the_fallback_of_a_parameter_every_call_leaves_empty_is_dialled(tmp_path, body):
    assert _findings(tmp_path, body, "open_store()") == [("DW101", "ledger")]


def test_a_call_that_gives_the_parameter_a_value_keeps_the_fallback_dead(tmp_path):
    body = "    url = url or FALLBACK\n    return create_engine(url)\n"
    assert _findings(tmp_path, body, 'open_store("postgresql://u:p@ledger:5432/books")') == []


def test_a_parameter_rebound_elsewhere_too_stays_the_operators(tmp_path):
    body = ("    url = url or FALLBACK\n    if url.endswith('/'):\n        url = url[:-1]\n"
            "    return create_engine(url)\n")
    assert _findings(tmp_path, body, "open_store()") == []


@pytest.mark.parametrize("guard", ["if url is None:", "if not url:"])
def test_a_guarded_fallback_of_a_parameter_every_call_leaves_empty_is_dialled(tmp_path, guard):
    body = f"    {guard}\n        url = \"postgresql://u:p@localhost:5432/books\"\n    return create_engine(url)\n"
    assert _findings(tmp_path, body, "open_store()") == [("DW101", "ledger")]


@pytest.mark.parametrize("guard", ["if url is None:", "if not url:"])
def test_a_guarded_fallback_stays_dead_where_the_call_gives_a_value(tmp_path, guard):
    body = f"    {guard}\n        url = \"postgresql://u:p@localhost:5432/books\"\n    return create_engine(url)\n"
    assert _findings(tmp_path, body, 'open_store("postgresql://u:p@ledger:5432/books")') == []


def test_a_guarded_fallback_of_a_configured_value_stays_the_operators(tmp_path):
    body = ("    url = url.get('dsn')\n    if not url:\n        url = \"postgresql://u:p@localhost:5432/books\"\n"
            "    return create_engine(url)\n")
    assert _findings(tmp_path, body, "open_store({})") == []


@pytest.mark.parametrize("guard", ["if url is None:", "if not url:"])
def test_a_guarded_fallback_through_a_constant_follows_the_calls(tmp_path, guard):
    body = f"    {guard}\n        url = FALLBACK\n    return create_engine(url)\n"
    assert _findings(tmp_path, body, "open_store()") == [("DW101", "ledger")]
    assert _findings(tmp_path, body, 'open_store("postgresql://u:p@ledger:5432/books")') == []


def test_a_guard_the_calls_never_meet_keeps_the_fallback_dead(tmp_path):
    # every call leaves `url` None, which is not "": the branch never runs
    body = "    if url == '':\n        url = FALLBACK\n    return create_engine(url)\n"
    assert _findings(tmp_path, body, "open_store()") == []
