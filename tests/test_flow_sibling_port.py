"""A host is dialled with the port the code gives beside it: a sibling "PORT" key of the same
mapping (Django's DATABASES) or a client's port argument.  In a container that runs a server,
a loopback address without a port may be the container's own server; with the port known it
is judged like any other (DW101 when another service listens there, silent when it is the
container's own port)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """services:
  web:
    build: .
    command: gunicorn proj.wsgi -b 0.0.0.0:8000
    ports: ["8000:8000"]
    environment:
      DJANGO_SETTINGS_MODULE: proj.settings
      DB_HOST: localhost
  db:
    image: postgres:16
"""
SETTINGS = """import os

DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "app",
        "HOST": {host},
        "PORT": os.environ.get("DB_PORT", "{port}"),
    }}
}}
"""


def _findings(tmp_path: Path, host: str, port: str = "5432") -> list[tuple[str, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . /app\n",
        "proj/__init__.py": "",
        "proj/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
        "proj/settings.py": SETTINGS.format(host=host, port=port),
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_literal_host_takes_its_sibling_port(tmp_path):
    assert _findings(tmp_path, '"localhost"') == [("settings.py", 7, "db:5432")]


def test_an_environment_host_takes_the_port_of_the_code_that_dials_it(tmp_path):
    assert _findings(tmp_path, 'os.environ["DB_HOST"]') == [("compose.yaml", 8, "db:5432")]


def test_the_containers_own_port_stays_silent(tmp_path):
    assert _findings(tmp_path, '"localhost"', port="8000") == []
