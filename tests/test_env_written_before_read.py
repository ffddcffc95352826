"""A wrapper that writes a variable into its own process environment and only then imports or
calls the code reading it (``os.environ["STORE_HOST"] = cfg.STORE_HOST`` then ``import
loader`` or ``loader.main()``) leaves that read's default unused: no finding for it.  An
import that runs before the write (at a module's top level), or a write in a branch, keeps the
default judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """services:
  jobs:
    build: .
    command: python run_jobs.py
  store:
    image: redis:7
"""

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\n"

SETTINGS = 'STORE_HOST = "store"\n'

# read when imported
AT_IMPORT = '''import os
import redis

STORE_HOST = os.getenv("STORE_HOST", "localhost")


def refresh():
    redis.Redis(host=STORE_HOST, port=6379).flushdb()
'''

# read when called
IN_CALL = '''import os
import redis


def main():
    redis.Redis(host=os.environ.get("STORE_HOST", "127.0.0.1"), port=6379).ping()
'''


def _found(tmp_path: Path, runner: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": DOCKERFILE,
        "settings.py": SETTINGS,
        "warm.py": AT_IMPORT,
        "check.py": IN_CALL,
        "run_jobs.py": runner,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(f"{f.span.path}:{f.span.line}" for f in result.active)


WRITES_FIRST = '''import os

import settings


def warm_job():
    os.environ["STORE_HOST"] = settings.STORE_HOST
    import warm
    warm.refresh()


def check_job():
    os.environ["STORE_HOST"] = settings.STORE_HOST
    import check
    check.main()


if __name__ == "__main__":
    warm_job()
    check_job()
'''


def test_the_default_of_a_variable_written_first_is_never_used(tmp_path: Path) -> None:
    assert _found(tmp_path, WRITES_FIRST) == []


IMPORTED_BEFORE = '''import os

import settings
import warm
from check import main


def warm_job():
    os.environ["STORE_HOST"] = settings.STORE_HOST
    warm.refresh()


def check_job():
    main()
    os.environ["STORE_HOST"] = settings.STORE_HOST


if __name__ == "__main__":
    warm_job()
    check_job()
'''


def test_a_read_that_runs_before_the_write_keeps_its_default(tmp_path: Path) -> None:
    assert _found(tmp_path, IMPORTED_BEFORE) == ["check.py:6", "warm.py:4"]


WRITE_IN_BRANCH = '''import os
import sys

import settings


def check_job():
    if len(sys.argv) > 1:
        os.environ["STORE_HOST"] = settings.STORE_HOST
    import check
    check.main()


if __name__ == "__main__":
    check_job()
'''


def test_a_write_in_a_branch_keeps_the_default(tmp_path: Path) -> None:
    assert _found(tmp_path, WRITE_IN_BRANCH) == ["check.py:6"]


WRITES_LOOPBACK = WRITES_FIRST.replace("settings.STORE_HOST", '"localhost"')


def test_a_loopback_written_first_keeps_the_finding(tmp_path: Path) -> None:
    # the write carries the same address on: the read's default stays the place reported
    assert _found(tmp_path, WRITES_LOOPBACK) == ["check.py:6", "warm.py:4"]
