"""A project root ``pyproject.toml`` that no TOML parser reads, written for another tool.

A formatter's table with a regular expression in a basic string (``include = "\\.pyi?$"``: an
unescaped backslash) makes the whole file invalid TOML.  It names no ``[tool.dockwise]`` table,
so it holds no configuration of dockwise: the check runs with the defaults (its findings
reported) instead of stopping with a usage error.  A file that is not TOML and does name
dockwise is still reported as unreadable, since its configuration cannot be read."""
from __future__ import annotations

from click.testing import CliRunner

from dockwise.cli import cli

from tests.conftest import make

COMPOSE = """services:
  api:
    build: .
    command: python serve.py
  cache:
    image: redis:7
"""

DOCKERFILE = """FROM python:3.12-slim
WORKDIR /srv
COPY . .
"""

SERVE = """import redis

store = redis.Redis(host="localhost", port=6379)
store.ping()
"""

FOREIGN = """[tool.formatter]
line-length = 100
include = "\\.(py|pyi)$"
"""


def run(tmp_path, monkeypatch, pyproject: str):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": DOCKERFILE,
        "serve.py": SERVE,
        "pyproject.toml": pyproject,
    }, git=True)
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(cli, ["check", "--no-cache", "."], catch_exceptions=False)


def test_another_tools_unparsable_table_leaves_the_defaults(tmp_path, monkeypatch):
    res = run(tmp_path, monkeypatch, FOREIGN)
    assert res.exit_code == 1, res.output
    assert "serve.py:3" in res.output and "DW101" in res.output


def test_an_unparsable_file_naming_dockwise_is_still_a_usage_error(tmp_path, monkeypatch):
    res = run(tmp_path, monkeypatch, FOREIGN + "\n[tool.dockwise]\nignore = [\"DW106\"]\n")
    assert res.exit_code == 2
    assert "pyproject.toml" in res.output
