"""A list of candidate addresses built by appending (``tried = ["http://meter:9100"]`` then
``tried.append("http://127.0.0.1:9100")``) and tried in turn until one answers is a display of
candidates like one written out: where one of them works from the container, the others are
meant for other deployments."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_APPENDED = '''import os

import httpx


def _bases():
    tried = ["{first}"]
{append}    return tried


def status():
    for base in _bases():
        try:
            {dial}
        except httpx.ConnectError:
            continue
    return None


print(status())
'''

_HOST = "    network_mode: host\n"


_FIRST = 'return httpx.get(base + "/status").json()'


def _appended(tmp_path: Path, other: str, dial: str = _FIRST, first: str = "http://meter:9100",
              when: str = "", env: str = "") -> list[str]:
    append = f'    tried.append("{other}")\n'
    if when:
        append = f"    if {when}:\n    " + append
    make(tmp_path, {
        "compose.yaml": ("services:\n  panel:\n    build: .\n    command: python panel/main.py\n" + _HOST
                         + env + "  meter:\n    image: example/meter:1.0\n" + _HOST),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "panel/main.py": _APPENDED.format(append=append, dial=dial, first=first),
    }, git=True)
    return sorted(f.code for f in run_check([tmp_path], Config(cache=False)).active)


def test_an_appended_candidate_that_works_covers_the_other(tmp_path):
    assert _appended(tmp_path, "http://127.0.0.1:9100") == []


def test_the_appended_candidate_falls_over_to_the_first(tmp_path):
    assert _appended(tmp_path, "http://meter:9100", first="http://127.0.0.1:9100") == []


def test_no_working_appended_candidate_is_still_judged(tmp_path):
    assert "DW104" in _appended(tmp_path, "http://metre:9100")


def test_a_list_dialled_whole_is_still_judged(tmp_path):
    # (no `return` in the loop: every address is dialled, not tried in turn)
    assert "DW104" in _appended(tmp_path, "http://127.0.0.1:9100", 'httpx.post(base + "/ping")')


_SWITCH = 'os.getenv("PANEL_NET") == "host"'


def test_an_append_the_environment_turns_on_counts(tmp_path):
    got = _appended(tmp_path, "http://127.0.0.1:9100", when=_SWITCH, env="    environment:\n      PANEL_NET: host\n")
    assert got == []


def test_an_append_the_environment_turns_off_adds_nothing(tmp_path):
    got = _appended(tmp_path, "http://127.0.0.1:9100", when=_SWITCH, env="    environment:\n      PANEL_NET: bridge\n")
    assert "DW104" in got
