"""An import behind a truth test of an environment read (``if os.getenv("CI_RUN"): from
.settings_ci import *``, or a module flag bound once to such a read) runs only in a container
whose environment gives that variable a non-empty value: a service that does not set it
imports the other branch's module, and the settings only the CI module writes are not its
own.  Where the service sets the variable, or its environment is unknown, the module is
followed and its finding stays."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.runs.selectors import gate_allows, selector_gates
from tests.conftest import make

DIRECT = '''import os

from app.base import *

if os.getenv("CI_RUN"):
    from app.settings_ci import *
else:
    from app.settings_dev import *
'''
FLAG = '''import os

ON_CI = os.environ.get("CI_RUN", "")

if ON_CI:
    from app.settings_ci import *
else:
    from app.settings_dev import *
'''
CI = '''import redis

CACHE = redis.Redis(host="localhost", port=6379)
'''
DEV = '''import redis

CACHE = redis.Redis(host="cache", port=6379)
'''


def _flagged(tmp_path: Path, settings: str, env: str) -> list[tuple[str, int]]:
    compose = "services:\n  web:\n    build: .\n" + env + "  cache:\n    image: redis:7\n"
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"-m\", \"app.main\"]\n",
        "app/__init__.py": "",
        "app/base.py": "DEBUG = False\n",
        "app/main.py": "from app.settings import CACHE\n\nCACHE.ping()\n",
        "app/settings.py": settings,
        "app/settings_ci.py": CI,
        "app/settings_dev.py": DEV,
    }, git=True)
    return sorted((f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("settings", [DIRECT, FLAG])
def test_a_service_that_leaves_the_variable_unset_imports_the_other_branch(tmp_path, settings):
    assert _flagged(tmp_path, settings, "    environment:\n      APP_MODE: dev\n") == []


@pytest.mark.parametrize("settings", [DIRECT, FLAG])
def test_a_service_that_sets_it_empty_imports_the_other_branch(tmp_path, settings):
    assert _flagged(tmp_path, settings, "    environment:\n      CI_RUN: ''\n") == []


@pytest.mark.parametrize("settings", [DIRECT, FLAG])
def test_a_service_that_sets_the_variable_imports_the_module(tmp_path, settings):
    assert _flagged(tmp_path, settings, "    environment:\n      CI_RUN: '1'\n") == [("app/settings_ci.py", 3)]


def test_an_unknown_environment_imports_the_module(tmp_path):
    assert _flagged(tmp_path, DIRECT, "    env_file: [missing.env]\n") == [("app/settings_ci.py", 3)]


def test_the_requirements_read():
    gates = dict(selector_gates(DIRECT))
    assert gate_allows(gates[6], {"CI_RUN": "yes"}) and not gate_allows(gates[6], {})
    assert gate_allows(gates[8], {}) and not gate_allows(gates[8], {"CI_RUN": "yes"})
    negated = DIRECT.replace('if os.getenv("CI_RUN"):', 'if not os.getenv("CI_RUN", "1"):')
    gates = dict(selector_gates(negated))
    assert not gate_allows(gates[6], {}) and gate_allows(gates[6], {"CI_RUN": ""})
