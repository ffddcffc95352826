"""A relative import of a module inside a subpackage (``from .broker.service import Sender``)
runs that subpackage's ``__init__.py`` first, as Python imports every package on the dotted
path before the module: a client the ``__init__.py`` builds at its top level is dialled in
the container.  A sibling package the import does not pass through is not run."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
    command: gunicorn run:app -b 0.0.0.0:8000
  rabbitmq:
    image: rabbitmq:3
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
# (the app has a task: a worker started by hand from the image would dial the same broker)
BROKER_INIT = ('from celery import Celery\n\nsender = Celery(broker="amqp://guest@localhost:5672//")\n\n\n'
               '@sender.task\ndef ping():\n    return "pong"\n')


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int]]:
    base = {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "run.py": "from api import app\n"}
    make(tmp_path, {**base, **files}, git=True)
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_subpackage_init_on_the_way_runs(tmp_path):
    files = {
        "api/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\nfrom .broker.service import Sender\n",
        "api/broker/__init__.py": BROKER_INIT,
        "api/broker/service.py": "from . import sender\n\n\nclass Sender:\n    pass\n",
    }
    assert _findings(tmp_path, files) == [("DW101", "api/broker/__init__.py", 3)]


def test_each_package_down_a_deeper_relative_path_runs(tmp_path):
    files = {
        "api/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\nfrom .queues.broker.service import Sender\n",
        "api/queues/__init__.py": BROKER_INIT,
        "api/queues/broker/__init__.py": BROKER_INIT,
        "api/queues/broker/service.py": "class Sender:\n    pass\n",
    }
    assert _findings(tmp_path, files) == [("DW101", "api/queues/__init__.py", 3),
                                          ("DW101", "api/queues/broker/__init__.py", 3)]


def test_a_sibling_package_off_the_path_does_not_run(tmp_path):
    files = {
        "api/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\nfrom .models.user import User\n",
        "api/models/__init__.py": "",
        "api/models/user.py": "class User:\n    pass\n",
        "api/broker/__init__.py": BROKER_INIT,
    }
    assert _findings(tmp_path, files) == []
