"""A helper that answers "may this run here?" from a setting the environment gives (``def
_allowed(target): if MODE != "edge": return False ...``, or ``return MODE == "edge"``) gates
the branch its caller writes around it (``if not _allowed(target): return``) as the test written
in place would: where the service sets another mode, the dial behind it never runs."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_GATED = '''import os

import httpx

MODE = os.getenv("RUN_MODE", "")
AGENT_URL = "http://127.0.0.1:7700/refresh"


def _allowed(target):
    """Only the edge box refreshes its local agent."""
    {guard}


def _send():
    return httpx.post(AGENT_URL, json={{}})


def refresh(target):
    if not _allowed(target):
        return None
    return _send()


print(refresh("http://example.org"))
'''


_EARLY_EXIT = 'if MODE != "edge":\n        return False\n    return target.startswith("http")'


def _gated(tmp_path: Path, mode: str, guard: str = _EARLY_EXIT) -> list[str]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  panel:\n    build: .\n    command: python app/main.py\n"
                         f"    environment:\n      RUN_MODE: {mode}\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/main.py": _GATED.format(guard=guard),
    }, git=True)
    return sorted(f.code for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_helper_false_for_this_mode_gates_the_dial(tmp_path):
    assert _gated(tmp_path, "cloud") == []


def test_the_mode_the_helper_allows_is_still_judged(tmp_path):
    assert _gated(tmp_path, "edge") == ["DW101"]


def test_a_helper_returning_the_test_gates_it_too(tmp_path):
    assert _gated(tmp_path, "cloud", 'return MODE == "edge"') == []


def test_a_guard_on_the_parameter_decides_nothing(tmp_path):
    assert _gated(tmp_path, "cloud", 'if target != "edge":\n        return False\n    return True') == ["DW101"]
