"""A helper named only inside a command-line subcommand (``@cli.command()``) runs in a
container only where its start command gives that subcommand: a server that imports the
module with its command group never runs it (flow/called.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

TOOLS = '''\
import click
import requests


@click.group()
def cli():
    pass


def fetch_token():
    return requests.get("http://localhost:9000/token")


@cli.command()
def login():
    fetch_token()


if __name__ == "__main__":
    cli()
'''


def _flagged(tmp_path: Path, command: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    build: .\n    command: {command}\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\n",
        "app/__init__.py": "",
        "app/main.py": "from fastapi import FastAPI\n\nfrom app import tools\n\napp = FastAPI()\n",
        "app/tools.py": TOOLS,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_server_that_imports_the_command_group_never_runs_the_command(tmp_path):
    assert _flagged(tmp_path, "uvicorn app.main:app --host 0.0.0.0 --port 8000") == []


@pytest.mark.parametrize("command", [
    "python -m app.tools login",  # the start command gives the subcommand
    "./start.sh",  # a start command that cannot be followed: any program may run
])
def test_the_command_may_run_where_the_start_command_gives_it(tmp_path, command):
    assert _flagged(tmp_path, command) == [("app/tools.py", 11, "DW101")]
