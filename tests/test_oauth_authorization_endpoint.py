"""An OAuth 2.0 client's authorization endpoint (RFC 6749 section 3.1: ``authorize_url``,
``authorization_endpoint``) is where the user's browser is redirected; the server never dials
it.  The token and metadata endpoints beside it are dialled by the server, and a Docker host
alias there still needs its ``extra_hosts`` entry."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_APP = '''from flask import Flask

app = Flask(__name__)
PROVIDERS = [{{"name": "idp", "remote_app": {{
    "{key}": "http://host.docker.internal:8090/realms/r/protocol/openid-connect/auth",
    "access_token_url": "http://host.docker.internal:8090/realms/r/protocol/openid-connect/token",
}}}}]
'''


def _lines(tmp_path: Path, key: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: gunicorn app:app\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app.py": _APP.format(key=key),
    }, git=True)
    return sorted((f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_authorization_endpoint_is_not_dialled_but_the_token_endpoint_is(tmp_path):
    assert _lines(tmp_path, "authorize_url") == [("DW106", 6)]


def test_the_discovery_name_of_the_endpoint_is_not_dialled_either(tmp_path):
    assert _lines(tmp_path, "authorization_endpoint") == [("DW106", 6)]


def test_a_url_under_another_name_is_still_judged(tmp_path):
    assert _lines(tmp_path, "api_base_url") == [("DW106", 5), ("DW106", 6)]
