"""A branch behind ``bool(os.getenv("X"))`` or ``os.getenv("X") is None`` is judged like one
behind ``os.getenv("X")``: where the container sets X (a Dockerfile's ``ENV DOCKER=true``), the
loopback side of ``if not bool(os.getenv("DOCKER")):`` never runs (``flow/gates.py``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

MAIN = ("import os\n\nimport redis\n\n"
        "if {cond}:\n    r = redis.Redis.from_url('redis://localhost:6379/0')\n"
        "else:\n    r = redis.Redis.from_url('redis://redis:6379/0')\n")


def codes(tmp_path: Path, cond: str, env: str) -> list[str]:
    make(tmp_path, {"compose.yaml": "services:\n  api:\n    build: .\n    command: python main.py\n"
                                    "  redis:\n    image: redis:7\n",
                    "Dockerfile": f"FROM python:3.12-slim\n{env}COPY . .\n",
                    "main.py": MAIN.format(cond=cond)}, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("cond", ["not bool(os.getenv('DOCKER'))", "os.getenv('DOCKER') is None",
                                  "not bool(os.environ.get('DOCKER'))"])
def test_the_loopback_side_of_an_unset_check_never_runs_where_the_variable_is_set(tmp_path, cond):
    assert codes(tmp_path, cond, "ENV DOCKER=true\n") == []


@pytest.mark.parametrize("cond", ["not bool(os.getenv('DOCKER'))", "os.getenv('DOCKER') is None"])
def test_it_runs_where_the_variable_is_unset(tmp_path, cond):
    assert codes(tmp_path, cond, "") == ["DW101"]


@pytest.mark.parametrize("cond", ["bool(os.getenv('DOCKER'))", "os.getenv('DOCKER') is not None"])
def test_the_taken_side_of_a_set_check_is_still_judged(tmp_path, cond):
    assert codes(tmp_path, cond, "ENV DOCKER=true\n") == ["DW101"]
