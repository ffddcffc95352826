"""The message queue that Socket.IO server processes share is dialled: Flask-SocketIO's
``message_queue=`` (``SocketIO(app, message_queue=...)``, ``socketio.init_app(app, message_queue=...)``,
an emitter ``SocketIO(message_queue=...)`` in a worker) is a connection URL that Flask-SocketIO
hands to python-socketio's client managers (``socketio.RedisManager(url)``, ``KombuManager(url)``,
...), which connect to it.  A loopback queue URL there, in a container, reaches the container
itself; one the service's environment replaces is a fallback that never runs."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def _compose(env: str = "") -> str:
    return f"""\
services:
  web:
    build: .
    command: gunicorn wsgi:app -b 0.0.0.0:8000
{env}  worker:
    build: .
    command: celery -A tasks worker
  redis:
    image: redis:7
"""


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int]]:
    make(tmp_path, {"Dockerfile": DOCKERFILE, **files}, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return sorted((f.code, f.span.path, f.span.line) for f in found)


WSGI = """\
from flask import Flask
from flask_socketio import SocketIO

app = Flask(__name__)
socketio = SocketIO(app, message_queue="redis://localhost:6379/0")
"""

WSGI_INIT_APP = """\
from flask import Flask
from flask_socketio import SocketIO

socketio = SocketIO()
app = Flask(__name__)
socketio.init_app(app, message_queue="redis://127.0.0.1:6379/0")
"""

TASKS = """\
import socketio
from celery import Celery

app = Celery("tasks", broker="redis://redis:6379/0")
emitter = socketio.RedisManager("redis://localhost:6379/1", write_only=True)
"""

WSGI_ENV = """\
import os

from flask import Flask
from flask_socketio import SocketIO

app = Flask(__name__)
socketio = SocketIO(app, message_queue=os.environ.get("SIO_QUEUE", "redis://localhost:6379/0"))
"""


def test_a_loopback_message_queue_of_the_server_is_dialled(tmp_path):
    files = {"compose.yaml": _compose(), "wsgi.py": WSGI, "tasks.py": "x = 1\n"}
    assert _findings(tmp_path, files) == [("DW101", "wsgi.py", 5)]


def test_a_loopback_message_queue_given_to_init_app_is_dialled(tmp_path):
    files = {"compose.yaml": _compose(), "wsgi.py": WSGI_INIT_APP, "tasks.py": "x = 1\n"}
    assert _findings(tmp_path, files) == [("DW101", "wsgi.py", 6)]


def test_a_client_manager_of_a_worker_dials_its_url(tmp_path):
    files = {"compose.yaml": _compose(), "wsgi.py": "from flask import Flask\napp = Flask(__name__)\n",
             "tasks.py": TASKS}
    assert _findings(tmp_path, files) == [("DW101", "tasks.py", 5)]


def test_a_queue_the_service_sets_is_a_fallback_that_never_runs(tmp_path):
    env = "    environment:\n      SIO_QUEUE: redis://redis:6379/0\n"
    files = {"compose.yaml": _compose(env), "wsgi.py": WSGI_ENV, "tasks.py": "x = 1\n"}
    assert _findings(tmp_path, files) == []


def test_a_queue_the_service_leaves_unset_stays_a_finding(tmp_path):
    files = {"compose.yaml": _compose(), "wsgi.py": WSGI_ENV, "tasks.py": "x = 1\n"}
    assert _findings(tmp_path, files) == [("DW101", "wsgi.py", 7)]


def test_the_service_name_of_the_queue_is_no_finding(tmp_path):
    files = {"compose.yaml": _compose(), "tasks.py": "x = 1\n",
             "wsgi.py": WSGI.replace("localhost", "redis")}
    assert _findings(tmp_path, files) == []
