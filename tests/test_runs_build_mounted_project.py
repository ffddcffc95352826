"""A project the image's build installs from packaging files that a RUN bind-mounts from the
build context (``RUN --mount=type=bind,source=pyproject.toml,target=pyproject.toml pip
install .``) has its console scripts on the image's PATH, though the container holds only the
code copied beside them: a start command naming a script runs its module, and a subcommand it
does not give is not run there.  The files were read as absent, the script as unknown, and the
container judged on every file it holds."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CLI = '''import redis
import typer
import uvicorn

cli = typer.Typer()


@cli.command()
def dev() -> None:
    uvicorn.run("tool.web:app", host="127.0.0.1", port=8000)


@cli.command()
def run() -> None:
    redis.Redis(host="localhost", port=6379).ping()
    uvicorn.run("tool.web:app", host="0.0.0.0", port=8000)
'''

PYPROJECT = '[project]\nname = "tool"\nversion = "1"\n\n[project.scripts]\ntool = "tool.cli:cli"\n'


def findings(tmp_path, command: str, mount: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  api:\n    build: .\n    ports: ['8000:8000']\n"
                         "  cache:\n    image: redis:7\n"),
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /app\n"
                       f"RUN {mount} pip install .\n"
                       "COPY tool ./tool\n"
                       f"CMD {command}\n"),
        "pyproject.toml": PYPROJECT,
        "tool/__init__.py": "",
        "tool/cli.py": CLI,
    }, git=True)
    return sorted((f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


MOUNTS = ["--mount=type=bind,source=pyproject.toml,target=pyproject.toml",
          "--mount=src=pyproject.toml,dst=/app/pyproject.toml --mount=type=cache,target=/root/.cache"]


@pytest.mark.parametrize("mount", MOUNTS)
def test_script_of_a_mounted_project_runs_only_the_subcommand_given(tmp_path, mount):
    # the loopback bind of `dev` does not run; the loopback Redis of `run` still does
    assert findings(tmp_path, '["tool", "run"]', mount) == [("DW101", 15)]


@pytest.mark.parametrize("mount", MOUNTS)
def test_script_of_a_mounted_project_started_with_the_subcommand(tmp_path, mount):
    assert findings(tmp_path, '["tool", "dev"]', mount) == [("DW201", 10)]
