"""A branch switched by a variable read through a project helper that only normalizes the text
(``if _provider(os.getenv("LLM_PROVIDER", "cloud")) != "local": return`` with ``def
_provider(name): p = (name or "cloud").strip().lower(); return p if p in _KNOWN else "cloud"``)
is read as the inline test ``os.getenv(...).strip().lower()`` is: where the service leaves
the variable unset, the helper gives "cloud" and the probe of a local model server below the
guard never runs.  A service that selects the local provider (in any letter case, as the
helper lowers it) keeps the finding, and so does a helper that does more than normalize."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = """\
import os
import urllib.request

_KNOWN = frozenset({{"cloud", "router", "local"}})


def _provider(name):
    \"\"\"The provider's name, lower case; an unknown one is the cloud.\"\"\"
    p = (name or "cloud").strip().lower()
{tail}


def probe_local_model():
    if _provider(os.getenv("LLM_PROVIDER", "cloud")) != "local":
        return
    base = (os.getenv("LOCAL_LLM_URL") or "http://localhost:11434").strip()
    urllib.request.urlopen(base + "/api/tags")


probe_local_model()
"""
NORMAL = '    return p if p in _KNOWN else "cloud"'
BRANCHY = '    if p not in _KNOWN:\n        return "cloud"\n    return p'
OPAQUE = '    return lookup_alias(p)'


def _found(tmp_path: Path, tail: str, env: str = "") -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  grader:\n    build: .\n    command: python -m grader.app\n" + env,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "grader/__init__.py": "",
        "grader/app.py": APP.format(tail=tail),
    }, git=True)
    return sorted((f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("tail", [NORMAL, BRANCHY])
def test_a_normalizing_helper_keeps_the_switch_readable(tmp_path, tail):
    assert _found(tmp_path, tail) == []


def test_recall_the_service_selects_the_local_provider(tmp_path):
    env = "    environment:\n      LLM_PROVIDER: \" Local \"\n"
    assert _found(tmp_path, NORMAL, env) == [("DW101", "grader/app.py")]


def test_recall_a_helper_that_does_more_is_not_read(tmp_path):
    assert _found(tmp_path, OPAQUE) == [("DW101", "grader/app.py")]
