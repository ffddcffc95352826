"""A variable a click option reads through ``auto_envvar_prefix`` is read, whatever else reads it.

``main(auto_envvar_prefix="QD")`` fills the option ``--redis-url`` from ``QD_REDIS_URL``, and
the command hands the option's value to its Redis client.  The code also looks the name up as
a string in a legacy check that only tests it (``if os.environ.get("QD_REDIS_URL") is None``):
that named read reaches nothing that connects, but it is not the only read, so the Compose
value stays a target (``rules/flow.yaml`` unfollowed_env_composers).  Without the prefix, the
named read is all there is, and nothing dials the variable.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  dash:
    build: .
    environment:
      QD_REDIS_URL: redis://localhost:6379
  redis:
    image: redis:7
"""

CLI = """\
import os

import click
import redis


@click.command()
@click.option("--redis-url", default="redis://redis:6379")
def run(redis_url):
    if os.environ.get("QD_REDIS_URL") is None:
        click.echo("using the default Redis")
    redis.Redis.from_url(redis_url).ping()


def main():
    run({prefix})


if __name__ == "__main__":
    main()
"""


@pytest.mark.parametrize(("prefix", "codes"), [('auto_envvar_prefix="QD"', ["DW101"]), ("", [])])
def test_a_click_prefix_reads_the_variable(tmp_path: Path, prefix, codes):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": 'FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\nCMD ["python", "cli.py"]\n',
        "cli.py": CLI.format(prefix=prefix),
    }, git=True)
    assert [f.code for f in run_check([tmp_path], Config(cache=False)).findings if f.span.path == "compose.yaml"] == codes
