"""The callback of a Typer sub-application (``@setup_app.callback(invoke_without_command=True)``)
runs only when the program is started with that sub-application's name: a server that imports
the command-line package never runs it, nor the helpers only it calls.  The name is the one the
group is registered under (``add_typer(setup_app, name="setup")``, ``typer.Typer(name="setup")``)
or, by convention, its variable's name without ``_app``."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WIZARD = '''import http.server

import typer

{group}


def _serve_callback(port):
    server = http.server.HTTPServer(("127.0.0.1", port), http.server.BaseHTTPRequestHandler)
    server.serve_forever()


@setup_app.callback(invoke_without_command=True)
def setup(port: int = 8765):
    _serve_callback(port)
'''

SERVER = '''from fastapi import FastAPI

from shop.cli import wizard  # noqa: F401  (shared helpers)

app = FastAPI()
'''


def findings(tmp_path, command: str, group: str = 'setup_app = typer.Typer()', extra: str = "") -> list[int]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  api:\n    build: .\n"
                         f"    command: {command}\n    ports: ['8000:8000']\n"),
        "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
        "pyproject.toml": ('[project]\nname = "shop"\nversion = "1"\n'
                           '[project.scripts]\nshop = "shop.cli.main:app"\n'),
        "shop/__init__.py": "",
        "shop/server.py": SERVER,
        "shop/cli/__init__.py": "",
        "shop/cli/wizard.py": WIZARD.replace("{group}", group),
        "shop/cli/main.py": ("import typer\n\nfrom shop.cli.wizard import setup_app\n\n"
                             f"app = typer.Typer()\n{extra or 'app.add_typer(setup_app)'}\n"),
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_server_that_imports_the_cli_never_runs_a_sub_application_callback(tmp_path):
    assert findings(tmp_path, "uvicorn shop.server:app --host 0.0.0.0") == []


def test_the_name_the_group_is_registered_under_decides(tmp_path):
    assert findings(tmp_path, "uvicorn shop.server:app --host 0.0.0.0",
                    group='setup_app = typer.Typer(name="wizard")') == []
    assert findings(tmp_path, "uvicorn shop.server:app --host 0.0.0.0",
                    extra='app.add_typer(setup_app, name="init")') == []


def test_the_start_command_giving_the_sub_application_runs_its_callback(tmp_path):
    # recall guard: `shop setup` runs the callback, so its loopback bind is reported
    assert findings(tmp_path, "shop setup") == [9]
    assert findings(tmp_path, "shop wizard", group='setup_app = typer.Typer(name="wizard")') == [9]
