"""An ``include`` entry whose ``env_file`` lies outside the project root (``$HOME/.config/app/
queue.env``, a file each operator keeps on the deploy host) is valid Compose: never opened, a
warning, and the included project's variables it may set are unknown, as for a service's
env_file outside the root.  Before, it was an error line (exit status 2) and its variables
were taken as unset."""
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


def _run(tmp_path: Path, env_file: str):
    make(tmp_path, {
        "deploy/compose.yaml": f"include:\n  - path: ./parts/api.yml\n    env_file:\n      - {env_file}\n",
        "deploy/parts/api.yml": INCLUDED,
        "deploy/apps/api/Dockerfile": "FROM python:3.12\nCOPY . /app\nWORKDIR /app\n",
        "deploy/apps/api/main.py": "print('up')\n",
    }, git=True)
    return run_check([tmp_path / "deploy"], Config(cache=False))


def test_an_env_file_of_the_operators_home_is_no_error(tmp_path):
    result = _run(tmp_path, "$HOME/.config/app/queue.env")
    assert [e.message for e in result.errors] == []
    assert any("outside the project root: not read" in w[2] for w in result.warnings)


def test_an_absolute_env_file_is_no_error_either(tmp_path):
    result = _run(tmp_path, "/etc/app/queue.env")
    # its variables are unknown: `${STACK_ROOT}/apps/api` is no context outside the root
    assert [e.message for e in result.errors] == []
