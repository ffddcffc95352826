"""A ``ports``/``expose`` entry unreadable only because the variables it names have no value
(``"${PORT}:${PORT}"`` read as ``":"``: the project's ``.env`` is not in the tree, an
``.env.example`` stands for it) is an unknown port, not an error of the Compose file.  A
malformed literal entry still is one."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """\
services:
  bot:
    build: .
    ports:
      - ${HOOK_PORT}:${HOOK_PORT}
      - target: 9000
        published: ${METRICS_PORT}x
    expose:
      - ${ADMIN_PORT}
"""


def errors(tmp_path: Path, compose: str) -> list[str]:
    make(tmp_path, {"compose.yaml": compose, ".env.example": "HOOK_PORT=8080\nADMIN_PORT=5000\n",
                    "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "bot.py"]\n',
                    "bot.py": "print('hi')\n"}, git=True)
    return [e.message for e in run_check([tmp_path], Config(cache=False)).errors]


def test_entries_made_of_unset_variables_are_no_errors(tmp_path):
    assert errors(tmp_path, COMPOSE) == []


def test_a_malformed_literal_entry_is_still_an_error(tmp_path):
    assert errors(tmp_path, "services:\n  bot:\n    build: .\n    ports:\n      - \"80:http\"\n") \
        == ["cannot parse ports entry '80:http'"]
