"""A ports or expose entry written with a variable that has no value here (no ``.env``; the
project's start script or a ``.env`` made from ``.env.example`` gives it) is unknown, not a
mistake of the Compose file: no "cannot parse ports entry ''" error, and the run does not
end with status 2. A literal entry that cannot be read is still reported."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _errors(tmp_path: Path, ports: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    image: nginx\n    ports:\n{ports}    expose:\n      - ${{EXTRA}}\n",
    }, git=True)
    return [e.message for e in run_check([tmp_path], Config(cache=False)).errors]


def test_entries_of_unset_variables_are_unknown(tmp_path):
    assert _errors(tmp_path, "      - ${API_PORT}\n      - ${HOST_PORT}:${API_PORT}\n") == []


def test_a_literal_entry_that_cannot_be_read_is_still_an_error(tmp_path):
    errors = _errors(tmp_path, "      - ${API_PORT}\n      - 'eighty:80'\n")
    assert errors == ["cannot parse ports entry 'eighty:80'"]
