"""A linter or formatter that a test container runs before the suite (``flake8 /srv && python
-m pytest tests/``) parses the project's files and imports none of them (``no_python`` in
``rules/frameworks.yaml``): the start command is still read past it, so a container whose run is
the test suite runs no service code, rather than every file it holds (where a loopback default
the suite mocks away was reported).  The same linter in front of the app keeps the app judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = """\
import redis

store = redis.Redis(host="localhost", port=6379)


def visits(key):
    return store.incr(key)


if __name__ == "__main__":
    print(visits("home"))
"""
TEST = """\
from unittest import mock

import app


def test_visits():
    with mock.patch.object(app, "store") as store:
        store.incr.return_value = 1
        assert app.visits("home") == 1
"""


def _found(tmp_path: Path, command: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  store:\n    image: redis:7\n"
                         f"  checks:\n    build: .\n    command: {command}\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app.py": APP,
        "tests/test_app.py": TEST,
    }, git=True)
    return [(f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("linter", ["flake8 /srv --exclude .venv", "ruff check .", "black --check .",
                                    "isort --check-only ."])
def test_a_linter_before_the_suite_leaves_a_test_run(tmp_path, linter):
    assert _found(tmp_path, f"sh -c '{linter} && python -m pytest tests/'") == []


def test_a_linter_before_the_app_keeps_the_app_judged(tmp_path):
    assert _found(tmp_path, "sh -c 'flake8 /srv && python app.py'") == [("DW101", ("checks",))]
