"""gunicorn binds 127.0.0.1:8000 by default, but every interface at $PORT where the PORT
environment variable is set (its documented bind default): an image that sets ``ENV
PORT=8000`` and starts gunicorn without ``--bind`` is reachable through its published port,
and gets no DW201.  Without PORT the loopback default is still reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _codes(tmp_path: Path, env_line: str, compose_env: str = "") -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    ports: [\"8000:8000\"]\n" + compose_env,
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\n" + env_line
                      + "CMD gunicorn --workers 2 site_app.wsgi:application\n",
        "site_app/__init__.py": "",
        "site_app/wsgi.py": "def application(environ, start_response):\n    return []\n",
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("env_line, compose_env", [
    ("ENV PORT=8000\n", ""),
    ("", "    environment:\n      PORT: \"8000\"\n"),
])
def test_port_set_makes_gunicorn_listen_on_every_interface(tmp_path, env_line, compose_env):
    assert _codes(tmp_path, env_line, compose_env) == []


def test_recall_without_port_gunicorn_listens_on_loopback(tmp_path):
    assert _codes(tmp_path, "ENV WEB_CONCURRENCY=2\n") == ["DW201"]
