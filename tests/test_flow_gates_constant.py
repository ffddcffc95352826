"""A branch under a literal test (``if False:``, ``if 0:``) is code switched off by hand: a
client call in its body never runs, one in its ``else`` always does (``flow/gates.py``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = "services:\n  web:\n    build: .\n    command: python -m app\n"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def flagged(tmp_path: Path, test: str) -> list[tuple[str, int, str]]:
    main = ("import requests\n\n\n"
            "def caption(data):\n"
            f"    if {test}:\n"
            "        return requests.post('http://localhost:5000/', data=data)\n"
            "    else:\n"
            "        return requests.post('http://localhost:5001/', data=data)\n\n\n"
            "caption(b'')\n")
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": main}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


@pytest.mark.parametrize("test", ["False", "0", "None", "''"])
def test_a_branch_switched_off_by_a_literal_never_dials(tmp_path, test):
    # the body is dead; the else branch runs and keeps its finding
    assert flagged(tmp_path, test) == [("app/__main__.py", 8, "DW101")]


@pytest.mark.parametrize("test", ["True", "1"])
def test_a_branch_switched_on_by_a_literal_always_dials(tmp_path, test):
    assert flagged(tmp_path, test) == [("app/__main__.py", 6, "DW101")]


def test_a_test_on_a_value_is_no_literal(tmp_path):
    # `if len(data) > 10:` is decided at run time: both calls may run and are judged
    assert flagged(tmp_path, "len(data) > 10") == [("app/__main__.py", 6, "DW101"), ("app/__main__.py", 8, "DW101")]
