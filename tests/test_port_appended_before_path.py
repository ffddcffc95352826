"""A port the code appends at run time stays appended when a later f-string adds a path:
``server = f"{API_HOST}:{port}"`` then ``httpx.get(f"{server}/health")`` dials the port the
code learned, not the scheme's default, so the finding neither says "no service listens on
80" nor suggests ``host.docker.internal:80``.  A URL given no port keeps the scheme's default
through the same path, and a port written plainly still names the service that serves it."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = "services:\n  web:\n    build: .\n    command: python app.py\n{more}"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
APP = """\
import os

import httpx

API_HOST = "http://localhost"


def probe(port):
    server = {server}
    return httpx.get(f"{{server}}/health")


probe({port})
"""


def _findings(tmp_path: Path, server: str, port: str, more: str = ""):
    make(tmp_path, {"compose.yaml": COMPOSE.format(more=more), "Dockerfile": DOCKERFILE,
                    "app.py": APP.format(server=server, port=port)}, git=True)
    return list(run_check([tmp_path], Config(cache=False)).active)


def test_a_port_appended_before_a_path_is_not_the_schemes_default(tmp_path):
    [f] = _findings(tmp_path, 'f"{API_HOST}:{port}"', 'int(os.environ["API_PORT"])')
    assert f.code == "DW101" and f.target_port is None
    assert " 80" not in f.message and f.suggestion is None


def test_a_url_given_no_port_keeps_the_schemes_default_through_the_path(tmp_path):
    [f] = _findings(tmp_path, "API_HOST", 'int(os.environ["API_PORT"])')
    assert f.code == "DW101" and f.target_port == 80


def test_a_port_written_plainly_before_a_path_still_names_its_service(tmp_path):
    more = '  api:\n    image: nginx\n    expose: ["8081"]\n'
    [f] = _findings(tmp_path, 'f"{API_HOST}:8081"', "0", more=more)
    assert f.code == "DW101" and f.target_port == 8081
    assert f.suggestion is not None and (f.suggestion.host, f.suggestion.port) == ("api", 8081)
