"""A YAML file under a Compose file's name that holds another format's document (a CI
workflow saved as ``.github/workflows/compose.yaml``: ``name``, ``on``, ``jobs``) is no
Compose project: its ``${{ matrix.python-version }}`` expressions are not Compose interpolation and
print no error line.  A real Compose file's broken interpolation is still reported."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WORKFLOW = """\
name: stack smoke test
on: push
jobs:
  smoke:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python-version: ["3.11", "3.12"]
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
      - run: docker compose up -d && python smoke.py
"""
APP = """\
services:
  tracker:
    image: ghcr.io/example/tracker:1
    command: ${START
"""


def _errors(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str]]:  # (file name, message)
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return [(Path(e.path).name, e.message) for e in result.errors]


def test_a_workflow_under_a_compose_name_prints_no_error(tmp_path):
    assert _errors(tmp_path, {".github/workflows/compose.yaml": WORKFLOW}) == []


def test_a_compose_files_broken_interpolation_is_still_an_error(tmp_path):
    errors = _errors(tmp_path, {".github/workflows/compose.yaml": WORKFLOW, "compose.yaml": APP})
    assert [p for p, m in errors if "interpolation" in m] == ["compose.yaml"]
