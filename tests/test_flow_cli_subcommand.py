"""A function that a command group's decorator makes a subcommand (``@tasks.command()``)
runs only when the program is started with that subcommand: where the start command runs
``python -m jobs warm-cache``, the ``reset-index`` subcommand's dial never happens there."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

JOBS = '''import click
import psycopg


@click.group()
def tasks():
    pass


@tasks.command()
def warm_cache():
    click.echo("warm")


@tasks.command({name})
def reset_index():
    psycopg.connect(host="localhost", port=5432, dbname="search")


if __name__ == "__main__":
    tasks()
'''


def findings(tmp_path, subcommand: str, name: str = "") -> list[int]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  jobs:\n    build: .\n"
                         f'    command: ["python", "-m", "jobs", "--verbose", "{subcommand}"]\n'
                         "  db:\n    image: postgres:16\n"),
        "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
        "jobs.py": JOBS.replace("{name}", name),
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


def test_another_subcommand_of_the_program_does_not_run(tmp_path):
    assert findings(tmp_path, "warm-cache") == []


def test_the_subcommand_the_start_command_names_runs(tmp_path):
    assert findings(tmp_path, "reset-index") == [17]
    assert findings(tmp_path, "rebuild", name='"rebuild"') == [17]
    assert findings(tmp_path, "reset-index", name='name="rebuild"') == []
