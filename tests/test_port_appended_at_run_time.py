"""A URL of a scheme and a host only, whose port the code appends when it runs
(``f"{API_HOST}:{port}"`` with a port read from the environment or found free): the port
dialled is not the scheme's default.  The finding stays (the loopback is wrong whatever the
port), but it no longer says "no service listens on 80" nor suggests ``host.docker.internal:80``:
which server is meant is not known.  A port the code writes plainly is still used."""
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
port = {port}
resp = httpx.get(f"{{API_HOST}}:{{port}}/health")
"""


def _findings(tmp_path: Path, port: str, more: str = ""):
    make(tmp_path, {"compose.yaml": COMPOSE.format(more=more), "Dockerfile": DOCKERFILE,
                    "app.py": APP.format(port=port)}, git=True)
    return list(run_check([tmp_path], Config(cache=False)).active)


def test_a_port_learned_at_run_time_is_not_the_schemes_default(tmp_path):
    [f] = _findings(tmp_path, 'int(os.environ["API_PORT"])')
    assert f.code == "DW101" and f.target_port is None
    assert " 80" not in f.message and f.suggestion is None


def test_a_port_written_plainly_still_names_the_service_that_listens_on_it(tmp_path):
    [f] = _findings(tmp_path, "8081", more="  api:\n    image: nginx\n    expose: [\"8081\"]\n")
    assert f.code == "DW101" and f.target_port == 8081
    assert f.suggestion is not None and (f.suggestion.host, f.suggestion.port) == ("api", 8081)
