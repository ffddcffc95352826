"""A Flask application registers a click group on its CLI (``app.cli.add_command(jobs_group,
"jobs")``), and one subcommand's body dials the queue at a loopback default.  A container
that serves the application with gunicorn (``gunicorn serve:app``) imports the module that
holds the group, but no WSGI or ASGI server parses a command line of the project's groups:
the subcommand's body never runs there (``rules/flow.yaml`` command_free_servers,
``Called._serves_only``).  A container that runs the subcommand through Flask's CLI (``flask
jobs consume`` with ``FLASK_APP``) keeps the finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

APP = ('from flask import Flask\n\nfrom shop.jobs import jobs_group\n\n\n'
       'def create_app():\n    app = Flask(__name__)\n    app.cli.add_command(jobs_group, "jobs")\n    return app\n')
JOBS = ('import os\n\nimport click\n\n\n@click.group("jobs")\ndef jobs_group():\n    """Background jobs."""\n\n\n'
        '@jobs_group.command("consume")\ndef consume_jobs():\n    import redis\n\n'
        '    url = os.getenv("QUEUE_REDIS_URL", "redis://localhost:6379/0")\n'
        '    conn = redis.Redis.from_url(url)\n    conn.ping()\n')
SERVE = "from shop import create_app\n\napp = create_app()\n"
DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "serve:app"]\n'


def findings(tmp_path: Path, extra: str = "") -> list[tuple[str, str, str]]:
    compose = "services:\n  web:\n    build: .\n" + extra + "  cache:\n    image: redis:7\n"
    files = {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "serve.py": SERVE,
             "shop/__init__.py": APP, "shop/jobs.py": JOBS}
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, ",".join(f.services)) for f in result.active)


def test_a_subcommand_body_does_not_run_under_a_wsgi_server(tmp_path):
    assert findings(tmp_path) == []


def test_the_container_that_runs_the_subcommand_keeps_its_finding(tmp_path):
    extra = "  jobs:\n    build: .\n    command: flask jobs consume\n    environment:\n      FLASK_APP: serve\n"
    assert findings(tmp_path, extra) == [("shop/jobs.py", "DW101", "jobs")]
