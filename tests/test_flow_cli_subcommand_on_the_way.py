"""A value that passes through the body of a command-line subcommand on its way to the sink
runs only where the start command gives that subcommand: a `dev` subcommand's loopback
default stored in a settings object that a helper shared by every subcommand hands to the
server is not bound by a container started with `run`.  Started with `dev`, it is."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = '''class ServerSettings:
    host: str = "0.0.0.0"
    port: int = 8000


server_settings = ServerSettings()
'''

CLI = '''import typer
import uvicorn

from srv.settings import server_settings

cli = typer.Typer()


def _serve() -> None:
    uvicorn.run("srv.web:app", host=server_settings.host, port=server_settings.port)


@cli.command()
def dev(host: str = "127.0.0.1", port: int = 8000) -> None:
    server_settings.host = host
    server_settings.port = port
    _serve()


@cli.command()
def run(port: int = 8000) -> None:
    server_settings.port = port
    _serve()
'''


def findings(tmp_path, command: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    build: .\n    command: {command}\n    ports: ['8000:8000']\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
        "pyproject.toml": '[project]\nname = "srv"\nversion = "1"\n\n[project.scripts]\nsrv = "srv.cli:cli"\n',
        "srv/__init__.py": "",
        "srv/settings.py": SETTINGS,
        "srv/cli.py": CLI,
    }, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("command", ['["srv", "run"]', '["python", "-m", "srv.cli", "run"]'])
def test_value_passing_through_another_subcommand_is_not_bound(tmp_path, command):
    assert findings(tmp_path, command) == []


@pytest.mark.parametrize("command", ['["srv", "dev"]', '["python", "-m", "srv.cli", "dev"]'])
def test_value_passing_through_the_subcommand_given_is_bound(tmp_path, command):
    assert findings(tmp_path, command) == [("DW201", 14)]
