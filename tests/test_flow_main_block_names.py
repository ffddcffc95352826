"""A module-level function runs in a service only where something it runs names it.  A name
written in the ``if __name__ == "__main__":`` block of a module that service imports but
does not run as its script is not such a place (the block runs where another container
starts that module as its script)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
VIEWER = '''\
import uvicorn


def start_viewer(port):
    uvicorn.run("app.views:api", host="127.0.0.1", port=port)
'''
AGENT = '''\
from app.viewer import start_viewer

VERSION = "1"

if __name__ == "__main__":
    start_viewer(9000)
'''


def flagged(tmp_path: Path, module: str) -> list[tuple[str, int, str]]:
    compose = f"services:\n  web:\n    build: .\n    command: python -m {module}\n    ports: [\"8000:8000\"]\n"
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": "from app.agent import VERSION\n\nprint(VERSION)\n",
                    "app/agent.py": AGENT, "app/viewer.py": VIEWER, "app/views.py": "api = None\n"}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_name_in_the_main_block_of_an_imported_module_runs_nothing(tmp_path):
    assert flagged(tmp_path, "app") == []


def test_the_main_block_of_the_script_the_service_runs_names_it(tmp_path):
    assert flagged(tmp_path, "app.agent") == [("app/viewer.py", 5, "DW201")]
