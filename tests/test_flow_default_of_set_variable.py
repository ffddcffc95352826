"""A value read from the environment and handed on only as the default of other environment
reads (``QUEUE_URL = os.getenv("QUEUE_URL", STORE_URL)``) reaches a client only where those
variables are unset.  A service that sets each of them never dials the first value, neither
the code's own default nor what its ``.env`` gives the first variable; a read of the first
variable that reaches a client directly still dials it.  Names in a settings class's body
read each other by their bare names (the class body is a scope), not as attributes."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

COMPOSE = """\
services:
  jobs:
    build: .
    command: python -m depot.runner
    env_file: [.env]
    environment:
{environment}  kv:
    image: redis:7
"""

SETTINGS = """\
import os


class Settings:
    STORE_URL = os.getenv("STORE_URL", "redis://localhost:6379/0")
    QUEUE_URL = os.getenv("QUEUE_URL", STORE_URL)
    LOCKS_URL = os.getenv("LOCKS_URL", STORE_URL)


settings = Settings()
"""

RUNNER = """\
import redis

from depot.settings import settings

queue = redis.Redis.from_url(settings.QUEUE_URL)
locks = redis.Redis.from_url(settings.LOCKS_URL)
{extra}"""


def _findings(tmp_path: Path, environment: str, extra: str = "") -> list[tuple[str, str, int]]:
    (tmp_path / "compose.yaml").write_text(COMPOSE.format(environment=environment))
    (tmp_path / ".env.example").write_text("STORE_URL=redis://localhost:6379/0\n")
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n")
    pkg = tmp_path / "depot"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "settings.py").write_text(SETTINGS)
    (pkg / "runner.py").write_text(RUNNER.format(extra=extra))
    found = run_check([tmp_path], Config(cache=False)).findings
    return sorted((f.code, Path(f.span.path).name, f.span.line) for f in found)


BOTH = "      QUEUE_URL: redis://kv:6379/0\n      LOCKS_URL: redis://kv:6379/1\n"


def test_a_value_only_the_default_of_set_variables_is_not_dialled(tmp_path):
    assert _findings(tmp_path, BOTH) == []


def test_a_default_of_an_unset_variable_is_still_dialled(tmp_path):
    # LOCKS_URL is unset: its read falls back to STORE_URL, whose .env value is localhost
    assert _findings(tmp_path, "      QUEUE_URL: redis://kv:6379/0\n") == [("DW101", ".env.example", 1)]


def test_a_direct_read_of_the_first_variable_is_still_dialled(tmp_path):
    extra = "cache = redis.Redis.from_url(settings.STORE_URL)\n"
    assert _findings(tmp_path, BOTH, extra) == [("DW101", ".env.example", 1)]
