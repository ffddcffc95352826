"""A start script that keeps a server's application in a variable (``gunicorn "$APP_MODULE"``,
the ``start.sh`` of the uvicorn-gunicorn images: ``MODULE_NAME=${MODULE_NAME:-$DEFAULT_MODULE_NAME}``,
``export APP_MODULE=${APP_MODULE:-"$MODULE_NAME:$VARIABLE_NAME"}``) runs the module the variable
holds: the script's assignments and defaults, or the service's environment, give its value.
It does not run "no Python of the project"."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MAIN = ('import os\n\nfrom sqlalchemy import create_engine\n\n'
        'engine = create_engine(os.environ.get("DB_DSN", "postgresql://u:p@localhost:5432/app"))\n'
        'engine.connect()\napp = object()\n')

TIANGOLO = """\
#!/usr/bin/env bash
set -e
DEFAULT_MODULE_NAME=src.main
MODULE_NAME=${MODULE_NAME:-$DEFAULT_MODULE_NAME}
VARIABLE_NAME=${VARIABLE_NAME:-app}
export APP_MODULE=${APP_MODULE:-"$MODULE_NAME:$VARIABLE_NAME"}
export WORKER_CLASS=${WORKER_CLASS:-"uvicorn.workers.UvicornWorker"}
exec gunicorn --forwarded-allow-ips "*" -k "$WORKER_CLASS" "$APP_MODULE"
"""

PLAIN = """\
#!/bin/sh
APP_MODULE=src.main:app
exec {server} "$APP_MODULE"
"""


def _check(tmp_path: Path, script: str, environment: str = ""):
    make(tmp_path, {
        "compose.yaml": "services:\n  app:\n    build: .\n    command:\n      - entrypoints/start.sh\n" + environment,
        "Dockerfile": "FROM python:3.12\nWORKDIR /src\nCOPY . .\nRUN chmod +x entrypoints/*\n",
        "entrypoints/start.sh": script,
        "src/__init__.py": "",
        "src/main.py": MAIN,
    }, git=True)
    return run_check([tmp_path], Config(cache=False))


@pytest.mark.parametrize("script", [
    TIANGOLO,
    PLAIN.format(server="gunicorn -k uvicorn.workers.UvicornWorker"),
    PLAIN.format(server="uvicorn --host 0.0.0.0"),
])
def test_the_app_a_script_variable_holds_runs(tmp_path, script):
    result = _check(tmp_path, script)
    assert [(f.code, f.span.path, f.services) for f in result.findings] == [("DW101", "src/main.py", ("app",))]


def test_the_services_value_of_the_variable_wins(tmp_path):
    # the service names another module: the script's default never applies
    script = "#!/bin/sh\nexec gunicorn \"${APP_MODULE:-src.other:app}\"\n"
    result = _check(tmp_path, script, "    environment:\n      APP_MODULE: src.main:app\n")
    assert [(f.code, f.span.path) for f in result.findings] == [("DW101", "src/main.py")]

