"""A start command's word names a function of the project only as a whole word: a hyphenated
subcommand (``python -m tool refresh-watch``, typer's name for ``def refresh_watch``) names no
function called ``refresh``.  A dial in ``refresh``'s body, which only another subcommand
calls, runs nowhere in that container; the container whose command is ``refresh`` itself, or
whose subcommand calls it, keeps the finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

JOBS = (
    "import requests\n\n\n"
    "def refresh(name):\n    return requests.post(\"http://localhost:8301/refresh/\" + name).ok\n"
)

CLI = (
    "import time\n\nimport typer\n\nfrom tool.jobs import refresh\n\napp = typer.Typer()\n\n\n"
    "@app.command()\ndef refresh_watch():\n    while True:\n        time.sleep(60)\n\n\n"
    "@app.command()\ndef refresh_all(names: list[str]):\n    for name in names:\n        refresh(name)\n"
)


@pytest.mark.parametrize(("command", "found"), [
    ("refresh-watch", []),                      # names no `refresh`: its body never runs there
    ("refresh-all a b", [("DW101", ("worker",))]),  # the subcommand that calls it
])
def test_hyphenated_subcommand(tmp_path: Path, command: str, found: list) -> None:
    make(tmp_path, {
        "compose.yaml": f"services:\n  worker:\n    build: .\n    command: python -m tool {command}\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "tool/__init__.py": "",
        "tool/__main__.py": "from tool.cli import app\n\napp()\n",
        "tool/jobs.py": JOBS,
        "tool/cli.py": CLI,
    }, git=True)
    got = [(f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]
    assert got == found
