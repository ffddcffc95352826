"""A membership test on a copy of the environment's names, ``"X" in list(os.environ.keys())``,
is judged like ``"X" in os.environ``: where the image sets X (``ENV APP_IN_IMAGE=1`` in the
Dockerfile), the loopback side of ``if "APP_IN_IMAGE" not in list(os.environ.keys()):`` never
runs (``_environ_names`` in ``flow/gates.py``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

MAIN = ("import os\n\nimport redis\n\n"
        "if {cond}:\n    r = redis.Redis.from_url('redis://localhost:6379/0')\n"
        "else:\n    r = redis.Redis.from_url('redis://cache:6379/0')\n")


def codes(tmp_path: Path, cond: str, env: str) -> list[str]:
    make(tmp_path, {"compose.yaml": "services:\n  api:\n    build: .\n    command: python main.py\n"
                                    "  cache:\n    image: redis:7\n",
                    "Dockerfile": f"FROM python:3.12-slim\n{env}COPY . .\n",
                    "main.py": MAIN.format(cond=cond)}, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


CONDS = ["'APP_IN_IMAGE' not in list(os.environ.keys())", "'APP_IN_IMAGE' not in os.environ.keys()",
         "'APP_IN_IMAGE' not in set(os.environ)", "'APP_IN_IMAGE' not in dict(os.environ)"]


@pytest.mark.parametrize("cond", CONDS)
def test_the_loopback_side_never_runs_where_the_image_sets_the_variable(tmp_path, cond):
    assert codes(tmp_path, cond, "ENV APP_IN_IMAGE=1\n") == []


@pytest.mark.parametrize("cond", CONDS)
def test_it_runs_where_the_variable_is_unset(tmp_path, cond):
    assert codes(tmp_path, cond, "") == ["DW101"]


def test_a_project_function_of_a_builtin_name_is_not_a_copy_of_the_names(tmp_path):
    cond = "'APP_IN_IMAGE' not in list(os.environ.keys())"
    main = "def list(x):\n    return []\n\n" + MAIN
    make(tmp_path, {"compose.yaml": "services:\n  api:\n    build: .\n    command: python main.py\n"
                                    "  cache:\n    image: redis:7\n",
                    "Dockerfile": "FROM python:3.12-slim\nENV APP_IN_IMAGE=1\nCOPY . .\n",
                    "main.py": main.format(cond=cond)}, git=True)
    assert [f.code for f in run_check([tmp_path], Config(cache=False)).active] == ["DW101"]
