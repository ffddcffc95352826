"""An included Compose project whose ``env_file`` is not in the tree (each developer writes
it) takes its variables from a file dockwise cannot read: a variable missing from what was
read is unknown there, not Compose's "" for an unset one.  ``context: ${STACK_ROOT}/api`` is
no build context ``/api`` outside the root (no error line); a variable the included
project's env_file that is in the tree leaves unset keeps Compose's "" and its error."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

INCLUDED = """services:
  api:
    build:
      context: ${STACK_ROOT}/apps/api
    command: python main.py
"""


def _errors(tmp_path: Path, files: dict[str, str]) -> list[str]:
    make(tmp_path, {
        "deploy/compose.yaml": "include:\n  - path: ./parts/api.yml\n    env_file: ./env/api.env\n",
        "deploy/parts/api.yml": INCLUDED,
        "deploy/apps/api/Dockerfile": "FROM python:3.12\nCOPY . /app\nWORKDIR /app\n",
        "deploy/apps/api/main.py": "print('up')\n",
        **files,
    }, git=True)
    return [e.message for e in run_check([tmp_path / "deploy"], Config(cache=False)).errors]


def test_a_variable_of_an_env_file_not_in_the_tree_is_unknown(tmp_path):
    assert _errors(tmp_path, {}) == []


def test_an_env_file_in_the_tree_that_lacks_the_variable_keeps_the_error(tmp_path):
    errors = _errors(tmp_path, {"deploy/env/api.env": "OTHER=1\n"})
    assert any("build context /apps/api is outside the project root" in m for m in errors), errors


def test_an_env_file_in_the_tree_fills_the_variable(tmp_path):
    assert _errors(tmp_path, {"deploy/env/api.env": "STACK_ROOT=..\n"}) == []
