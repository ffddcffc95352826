"""A Docker host alias is its own evidence of a connect target (only containers dial it),
but not in a branch the service's environment turns off: ``if os.getenv("RUNTIME") ==
"docker": return "http://host.docker.internal:7070"`` is not used in a container that does
not set RUNTIME to "docker", so it needs no ``extra_hosts`` there (DW106)."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = '''import os

import httpx


def api_url():
    if os.getenv("RUNTIME") == "docker":
        return "http://host.docker.internal:7070"
    return "https://api.example.com"


client = httpx.Client(base_url=api_url())
'''


def findings(tmp_path, env: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    build: .\n{env}",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"settings.py\"]\n",
        "settings.py": SETTINGS,
    }, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("env", ["", "    environment:\n      RUNTIME: local\n"])
def test_a_host_alias_in_a_branch_turned_off_is_not_dialled(tmp_path, env):
    assert findings(tmp_path, env) == []


@pytest.mark.parametrize("env", ["    environment:\n      RUNTIME: docker\n", "    env_file: [.env.local]\n"])
def test_a_host_alias_in_a_branch_turned_on_or_unknown_is(tmp_path, env):
    assert findings(tmp_path, env) == [("DW106", 8)]
