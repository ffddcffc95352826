"""A branch behind a Django setting (``if settings.USE_SENTINEL:`` or ``if getattr(settings,
"USE_SENTINEL", False):``, ``settings`` being django.conf's) whose settings module binds it to an
environment read (``USE_SENTINEL = bool(os.environ.get("USE_SENTINEL", False))``) is gated on
that variable, as if the read were written in the condition: the Sentinel branch's loopback
default does not run in a worker that leaves the variable unset, and still does where the
service sets it."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = '''import os

INSTALLED_APPS = ["proj"]
USE_SENTINEL = bool(os.environ.get("USE_SENTINEL", False))
SENTINELS = [(os.environ.get("SENTINEL_HOST", "127.0.0.1"), 26379)]
'''

CACHE = '''import redis
from django.conf import settings


def connection():
    if {test}:
        return redis.sentinel.Sentinel(settings.SENTINELS)
    return redis.Redis(host="cache")


connection()
'''

TESTS = ['settings.USE_SENTINEL', 'getattr(settings, "USE_SENTINEL", False)']


def findings(tmp_path, test: str, env: str) -> list[int]:
    make(tmp_path, {
        "compose.yaml": "services:\n  worker:\n    build: .\n    command: python manage.py rqworker\n"
                        f"    environment:\n      DJANGO_SETTINGS_MODULE: proj.settings\n{env}"
                        "  cache:\n    image: redis\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . /app\n",
        "manage.py": "import sys\n\nfrom django.core.management import execute_from_command_line\n\n"
                     "execute_from_command_line(sys.argv)\n",
        "proj/__init__.py": "",
        "proj/settings.py": SETTINGS,
        "proj/cache.py": CACHE.format(test=test),
        "proj/apps.py": "from proj import cache  # noqa: F401\n",
    }, git=True)
    return [f.span.line for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("test", TESTS)
def test_the_branch_is_off_where_the_variable_is_unset(tmp_path, test):
    assert findings(tmp_path, test, "") == []


@pytest.mark.parametrize("test", TESTS)
def test_the_branch_runs_where_the_service_sets_it(tmp_path, test):
    assert findings(tmp_path, test, "      USE_SENTINEL: '1'\n") == [5]
