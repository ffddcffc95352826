"""A Dockerfile outside Compose that copies nothing from its build context (no COPY or ADD
of it, no RUN bind mount of it: an image of downloads, a toolchain builder) makes a
container that holds none of the project's files: nothing beside it is judged for it."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

CLIENT = 'import redis\n\nclient = redis.Redis(host="localhost")\n'


def flagged(tmp_path: Path, dockerfile: str) -> list[tuple[str, str]]:
    make(tmp_path, {"Dockerfile.toolchain": dockerfile, "app/__init__.py": "", "app/cache.py": CLIENT}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


def test_an_image_that_copies_nothing_holds_no_project_code(tmp_path):
    dockerfile = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y wget && wget -q https://example.org/x.tgz\n"
    assert flagged(tmp_path, dockerfile) == []


@pytest.mark.parametrize("dockerfile", [
    "FROM python:3.12-slim\nWORKDIR /srv\nCOPY app app\n",
    "FROM python:3.12-slim\nRUN --mount=type=bind,target=/src pip install /src\n",
])
def test_an_image_that_takes_from_its_context_holds_it(tmp_path, dockerfile):
    assert flagged(tmp_path, dockerfile) == [("app/cache.py", "DW101")]


# An image that copies nothing but names Python (its code may come from `docker run -v`) is
# taken to hold everything beside it, wherever that lands; its start command still says
# what runs there.
@pytest.mark.parametrize("start", [
    'ENTRYPOINT ["/bin/bash"]',
    'CMD ["node", "server.js"]',
])
def test_a_start_command_that_runs_no_python_runs_none_of_it(tmp_path, start):
    dockerfile = f"FROM python:3.12-slim\nRUN git clone https://example.org/tool.git\n{start}\n"
    assert flagged(tmp_path, dockerfile) == []


@pytest.mark.parametrize("start", [
    'CMD ["python", "app/cache.py"]',
    'CMD ["./run.sh"]',
    "",
])
def test_a_start_command_that_may_run_python_keeps_every_file(tmp_path, start):
    dockerfile = f"FROM python:3.12-slim\nRUN git clone https://example.org/tool.git\n{start}\n"
    assert flagged(tmp_path, dockerfile) == [("app/cache.py", "DW101")]
