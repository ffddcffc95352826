"""A command-line program in a package's ``__main__.py``, started as ``python -m pkg
<subcommand>``, runs only the subcommand given: the subcommand gate compared the module
``pkg`` with the file ``pkg/__main__.py`` and never applied, so another subcommand's
loopback bind was reported.  Started with that subcommand, the bind still is."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CLI = '''import click
import uvicorn


@click.group()
def cli():
    pass


@cli.command()
def dev():
    uvicorn.run("srv.web:app", host="127.0.0.1", port=8000)


@cli.command()
def serve():
    uvicorn.run("srv.web:app", host="0.0.0.0", port=8000)


cli()
'''


def findings(tmp_path, subcommand: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": (f"services:\n  api:\n    build: .\n    command: [python, -m, srv, {subcommand}]\n"
                         "    ports: ['8000:8000']\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY srv ./srv\n",
        "srv/__init__.py": "",
        "srv/__main__.py": CLI,
    }, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_other_subcommand_of_a_package_main_does_not_run(tmp_path):
    assert findings(tmp_path, "serve") == []


def test_the_subcommand_given_runs(tmp_path):
    assert findings(tmp_path, "dev") == [("DW201", 12)]
