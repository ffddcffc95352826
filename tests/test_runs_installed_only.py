"""A container that holds the project only as the package its build installs (``pip wheel .``
then ``pip install`` of the wheel) holds the project's packages, not the scripts beside
them in directories that are no package (a load-test script): those are host code."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

INSTALLED = ("FROM python:3.12-slim AS build\nWORKDIR /src\nCOPY . .\nRUN pip wheel . -w /wheels\n"
             "FROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nRUN pip install /wheels/*.whl\n"
             'CMD ["mytool"]\n')
COPIED = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["mytool"]\n'
CLIENT = 'import redis\n\nclient = redis.Redis(host="localhost")\n'


def flagged(tmp_path: Path, dockerfile: str) -> list[tuple[str, str]]:
    make(tmp_path, {"Dockerfile": dockerfile, "pyproject.toml": '[project]\nname = "tool"\n',
                    "tool/__init__.py": "", "tool/client.py": CLIENT, "tool/sub/__init__.py": "",
                    "tool/sub/more.py": CLIENT, "soak/run.py": CLIENT, "top.py": CLIENT}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


def test_an_installed_project_holds_its_packages_only(tmp_path):
    assert flagged(tmp_path, INSTALLED) == [("tool/client.py", "DW101"), ("tool/sub/more.py", "DW101"),
                                           ("top.py", "DW101")]


def test_a_copied_tree_holds_every_file(tmp_path):
    assert ("soak/run.py", "DW101") in flagged(tmp_path, COPIED)
