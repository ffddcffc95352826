"""A parameter default every live call overrides never runs.  A call does not keep the
default alive when it cannot run in the containers: one in a module-level function that
nothing names, or in the ``if __name__ == "__main__":`` block of a module no service runs
as its script (``flow/liveness.py``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
SERVER = '''\
import uvicorn


def serve(host="127.0.0.1", port=8000):
    uvicorn.run("app.web:api", host=host, port=port)


def standalone():
    serve()


def main():
    serve()


if __name__ == "__main__":
    main()
'''
MAIN = 'from app.server import serve\n\nserve(host="0.0.0.0")\n'


def flagged(tmp_path: Path, module: str = "app", main: str = MAIN) -> list[tuple[str, int, str]]:
    compose = f"services:\n  web:\n    build: .\n    command: python -m {module}\n    ports: [\"8000:8000\"]\n"
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": main, "app/server.py": SERVER, "app/web.py": "api = None\n"}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_calls_that_cannot_run_leave_the_default_dead(tmp_path):
    assert flagged(tmp_path) == []


def test_a_function_something_names_keeps_its_calls(tmp_path):
    main = "from app.server import serve, standalone\n\nserve(host=\"0.0.0.0\")\nstandalone()\n"
    assert flagged(tmp_path, main=main) == [("app/server.py", 4, "DW201")]


def test_the_main_block_of_the_script_a_service_runs_runs(tmp_path):
    assert flagged(tmp_path, module="app.server") == [("app/server.py", 4, "DW201")]
