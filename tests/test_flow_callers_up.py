"""A helper that only other functions call runs only where one of those functions runs: a
plain module-level function named only in the body of a command-line command, or of another
function nothing runs, never runs in a server that imports its module (flow/called.py
``_runs_one``).  A subcommand registered by calling the decorator (``cli.command()(login)``)
is one the start command must give, as with ``@cli.command()``."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

HEAD = '''\
import click
import requests


@click.group()
def cli():
    pass


def fetch_token():
    return requests.get("http://localhost:9000/token")

'''


def _flagged(tmp_path: Path, tools: str, command: str = "uvicorn app.main:app --host 0.0.0.0",
             main_extra: str = "") -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    build: .\n    command: {command}\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\n",
        "app/__init__.py": "",
        "app/main.py": "from fastapi import FastAPI\n\nfrom app import tools\n\napp = FastAPI()\n" + main_extra,
        "app/tools.py": HEAD + tools,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


FOUND = [("app/tools.py", 11, "DW101")]

THROUGH_A_HELPER = '''
def run_login():
    fetch_token()


@cli.command()
def login():
    run_login()
'''

REGISTERED_BY_CALL = '''
def login():
    fetch_token()


cli.command(name="login")(login)
'''

UNDER_AN_ALIAS = '''
def login():
    fetch_token()


signup = login


@cli.command()
def register():
    signup()
'''

A_CYCLE = '''
def ping(n):
    return pong(n - 1) if n else fetch_token()


def pong(n):
    return ping(n)
'''


@pytest.mark.parametrize("tools", [THROUGH_A_HELPER, REGISTERED_BY_CALL, UNDER_AN_ALIAS, A_CYCLE],
                         ids=["through-a-helper", "registered-by-call", "under-an-alias", "a-cycle"])
def test_a_helper_that_only_commands_reach_is_silent_in_a_server(tmp_path, tools):
    assert _flagged(tmp_path, tools) == []


def test_the_command_registered_by_call_runs_where_the_start_command_gives_it(tmp_path):
    assert _flagged(tmp_path, REGISTERED_BY_CALL, command="python -m app.tools login") == FOUND


def test_a_helper_of_the_given_command_runs(tmp_path):
    assert _flagged(tmp_path, THROUGH_A_HELPER, command="python -m app.tools login") == FOUND


@pytest.mark.parametrize("main_extra", [
    "\ntools.run_token()\n",  # called at import
    "\n\n@app.get('/token')\ndef token():\n    return tools.run_token()\n",  # a route handler calls it
    "\n\nclass Api:\n    def token(self):\n        return tools.run_token()\n",  # a method calls it
])
def test_a_helper_that_code_which_runs_calls_is_found(tmp_path, main_extra):
    tools = "\ndef run_token():\n    return fetch_token()\n"
    assert _flagged(tmp_path, tools, main_extra=main_extra) == FOUND


def test_a_helper_of_a_helper_the_server_calls_is_found(tmp_path):
    tools = "\ndef step_two():\n    return fetch_token()\n\n\ndef step_one():\n    return step_two()\n"
    main_extra = "\n\n@app.get('/token')\ndef token():\n    return tools.step_one()\n"
    assert _flagged(tmp_path, tools, main_extra=main_extra) == FOUND
