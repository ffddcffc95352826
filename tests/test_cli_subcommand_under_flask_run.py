"""A Flask application registers a command group on its CLI, and one command's body dials the
queue at a loopback default.  ``flask run`` (Flask's development server, the app named by
``FLASK_APP``) runs the ``run`` command alone: the other commands the app registers run only
where the CLI is given them (``flask jobs consume``), so their bodies do not run in the web
container.  A gunicorn container whose environment names a settings module (an entry of the
module the variable names, loaded, not run as a program) serves only as well."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

APP = ('import redis\nfrom flask import Flask\nfrom flask.cli import AppGroup\n\n'
       'app = Flask(__name__)\njobs = AppGroup("jobs")\n\n\n'
       '@jobs.command("consume")\ndef consume():\n'
       '    queue = redis.Redis(host="localhost", port=6379)\n    queue.blpop("jobs")\n\n\n'
       'app.cli.add_command(jobs)\n\n\n@app.route("/")\ndef index():\n    return "ok"\n')
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def services(tmp_path: Path, web_command: str, web_env: str = "      FLASK_APP: portal\n") -> list[str]:
    compose = ("services:\n  web:\n    build: .\n    environment:\n" + web_env
               + f"    command: {web_command}\n    ports: [\"5000:5000\"]\n"
               "  jobs:\n    build: .\n    environment:\n      FLASK_APP: portal\n    command: flask jobs consume\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "portal.py": APP}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(",".join(f.services) for f in result.active if f.span.path == "portal.py")


def test_flask_run_does_not_run_the_other_commands_of_the_app(tmp_path):
    assert services(tmp_path, "flask run --host 0.0.0.0") == ["jobs"]


def test_gunicorn_with_a_module_named_by_the_environment_serves_only(tmp_path):
    assert services(tmp_path, "gunicorn -b 0.0.0.0:5000 portal:app",
                    "      FLASK_APP: portal\n      DJANGO_SETTINGS_MODULE: portal\n") == ["jobs"]


def test_a_command_of_the_cli_other_than_run_keeps_it(tmp_path):
    assert services(tmp_path, "flask jobs consume") == ["jobs,web"]
