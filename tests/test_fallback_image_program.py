"""A container whose start command runs a program of its base image (``python3 sync/run.py``,
a script the tree does not hold, from an image dockwise does not know) is judged on every file
it holds; where it holds no Python module of the project and neither those files nor its start
command name a variable of the stack's shared ``.env``, nothing in it is known to read that
variable: it is another service's (``flow/judge.py`` ``_unnamed``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """\
services:
  app:
    build: ./app
    env_file: .env
    networks: [front, back]
  sync:
    build: ./sync
    env_file: .env
    networks: [front]
  cache:
    image: redis:7
    networks: [back]
networks:
  front:
  back:
    internal: true
"""
FILES = {
    "compose.yaml": COMPOSE,
    ".env": "CACHE_URL=redis://cache:6379/0\nSYNC_SOURCE=http://app:8000/\n",
    "app/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"main.py\"]\n",
    "app/main.py": "import os\n\nimport redis\n\nr = redis.Redis.from_url(os.environ[\"CACHE_URL\"])\n",
    "sync/Dockerfile": ("FROM ghcr.io/example/catalog-sync:main\nWORKDIR /srv\n"
                        "COPY entrypoint.sh conf.template ./\nENTRYPOINT [\"/bin/bash\", \"./entrypoint.sh\"]\n"),
    "sync/entrypoint.sh": ("#!/bin/bash\nset -e\nenvsubst < conf.template > conf.ini\n"
                           "python3 sync/run.py\nexec \"$@\"\n"),
    "sync/conf.template": "[source]\nurl = ${SYNC_SOURCE}\n",
}


def findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return [(f.code, tuple(sorted(f.services))) for f in result.active if f.span.path == ".env"]


def test_a_variable_no_file_of_the_container_names_is_not_dialled_there(tmp_path):
    assert findings(tmp_path, FILES) == []


def test_a_variable_its_files_name_is_still_judged(tmp_path):
    files = dict(FILES)
    files["sync/conf.template"] += "[cache]\nurl = ${CACHE_URL}\n"
    assert findings(tmp_path, files) == [("DW104", ("sync",))]


def test_a_variable_its_start_command_names_is_still_judged(tmp_path):
    files = dict(FILES)
    files["compose.yaml"] = COMPOSE.replace("    build: ./sync\n",
                                            "    build: ./sync\n    command: [\"--cache\", \"${CACHE_URL}\"]\n")
    files["compose.yaml"] = files["compose.yaml"].replace("${CACHE_URL}", "$$CACHE_URL")
    assert findings(tmp_path, files) == [("DW104", ("sync",))]


def test_a_container_holding_project_python_is_judged_as_before(tmp_path):
    files = dict(FILES)
    files["sync/Dockerfile"] = files["sync/Dockerfile"].replace("COPY entrypoint.sh conf.template ./", "COPY . .")
    files["sync/hooks.py"] = "HOOKS = []\n"
    assert findings(tmp_path, files) == [("DW104", ("sync",))]


def test_a_variable_its_own_environment_sets_is_still_judged(tmp_path):
    files = dict(FILES)
    files["compose.yaml"] = COMPOSE.replace("    build: ./sync\n    env_file: .env\n",
                                            "    build: ./sync\n    environment:\n      CACHE_URL: redis://cache:6379/0\n")
    assert findings(tmp_path, files) == []
    result = run_check([tmp_path], Config(cache=False))
    assert [(f.code, tuple(sorted(f.services))) for f in result.active] == [("DW104", ("sync",))]


def test_an_env_file_written_for_that_container_alone_is_still_judged(tmp_path):
    files = dict(FILES)
    files["compose.yaml"] = COMPOSE.replace("    build: ./sync\n    env_file: .env\n",
                                            "    build: ./sync\n    env_file: sync.env\n")
    files["sync.env"] = "CACHE_URL=redis://cache:6379/0\n"
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert [(f.span.path, f.code, tuple(sorted(f.services))) for f in result.active] == [("sync.env", "DW104", ("sync",))]
