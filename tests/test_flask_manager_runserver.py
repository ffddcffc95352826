"""``manage.py runserver -h HOST -p PORT`` is a Flask manager's command, not Django's.

Django's runserver takes its address as a positional (``runserver 0.0.0.0:8000``) and reads
``-h`` as its help; Flask-Script's Server, and a click wrapper handing ``runserver`` on to
``flask run``, take ``-h/--host`` and ``-p/--port``.  Read as Django's, the command that binds
every interface was reported as a loopback bind by default (rules/commands.yaml: Django's
foreign_options, the flask-manager server)."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

FLASK_MANAGE = ("import click\n"
                "from portal import app\n\n"
                "@app.cli.command('runserver')\n"
                "@click.option('-h', '--host')\n"
                "@click.option('-p', '--port', type=int)\n"
                "def runserver(host, port):\n"
                "    app.run(host=host, port=port)\n\n"
                "if __name__ == '__main__':\n"
                "    app.cli()\n")
PORTAL = "from flask import Flask\n\napp = Flask(__name__)\n"
DJANGO_MANAGE = ('import os\nimport sys\n\n'
                 'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")\n'
                 'from django.core.management import execute_from_command_line\n\n'
                 'execute_from_command_line(sys.argv)\n')


def _codes(tmp_path, manage: str, args: str, port: int = 5000) -> list[str]:
    make(tmp_path, {
        "manage.py": manage,
        "portal/__init__.py": PORTAL,
        "site_conf/__init__.py": "",
        "site_conf/settings.py": "DEBUG = True\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install flask django\n",
        "compose.yaml": (f"services:\n  web:\n    build: .\n    command: python manage.py runserver {args}\n"
                         f"    ports: ['{port}:{port}']\n"),
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("args", ["-p 5000 -h 0.0.0.0", "-h0.0.0.0 -p 5000", "--host 0.0.0.0 -p 5000"])
def test_flask_manager_given_every_interface_binds_no_loopback(tmp_path, args):
    assert _codes(tmp_path, FLASK_MANAGE, args) == []


def test_flask_manager_given_loopback_binds_loopback(tmp_path):
    assert _codes(tmp_path, FLASK_MANAGE, "-h 127.0.0.1 -p 5000") == ["DW201"]


def test_djangos_runserver_without_address_still_binds_loopback(tmp_path):
    assert _codes(tmp_path, DJANGO_MANAGE, "--noreload", port=8000) == ["DW201"]
