"""Code nested in a command-line subcommand's function (a class or helper defined in its
body) is the subcommand's: it runs only where the start command gives that subcommand, also
when the program is started through a console script the project declares
(``[project.scripts] tool = "tool.cli:cli"``); a subcommand of a group follows the group's
name (``tool auth login``)."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CLI = '''import click
import uvicorn


@click.group()
def cli():
    pass


@cli.group()
def auth():
    pass


@cli.command()
def warm():
    click.echo("warm")


@auth.command()
def login():
    class CallbackServer:
        def start(self):
            uvicorn.run("tool.cb:app", host="127.0.0.1", port=8085)

    CallbackServer().start()
'''


def findings(tmp_path, command: str) -> list[int]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  jobs:\n    build: .\n    command: {command}\n    ports: ['8085:8085']\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
        "pyproject.toml": '[project]\nname = "tool"\nversion = "1"\n\n[project.scripts]\ntool = "tool.cli:cli"\n',
        "tool/__init__.py": "",
        "tool/cli.py": CLI,
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("command", ['["tool", "warm"]', '["python", "-m", "tool.cli", "warm"]'])
def test_code_nested_in_another_subcommand_does_not_run(tmp_path, command):
    assert findings(tmp_path, command) == []


@pytest.mark.parametrize("command", ['["tool", "auth", "login"]', '["python", "-m", "tool.cli", "auth", "login"]'])
def test_code_nested_in_the_subcommand_given_runs(tmp_path, command):
    assert findings(tmp_path, command) == [24]
