"""A value handed on only as the fallback of an ``or`` after an environment read
(``SERVER_INTERNAL_URL = os.environ.get("SERVER_INTERNAL_URL", "") or SERVER_URL``) reaches what dials the
result only where that read is empty.  A service that sets the first variable to an address
dials that address, never the fallback: the server URL it also sets (a browser-facing
``http://localhost:8080`` used for redirects) is not dialled there.  Where the service leaves
the first variable unset, the fallback is what is dialled, and the finding stays."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "-m", "app.main"]\n'
SETTINGS = """\
import os

AUTH_SERVER_URL = os.environ.get("AUTH_SERVER_URL", "")
AUTH_SERVER_INTERNAL_URL = os.environ.get("AUTH_SERVER_INTERNAL_URL", "") or AUTH_SERVER_URL
LOGIN_PAGE = f"{AUTH_SERVER_URL}/login"
"""
MAIN = """\
import requests

from app import settings

TOKEN_URL = settings.AUTH_SERVER_INTERNAL_URL + "/token"


def token():
    return requests.post(TOKEN_URL, data={}).json()


if __name__ == "__main__":
    print(settings.LOGIN_PAGE)
    token()
"""


def _findings(tmp_path: Path, env: str) -> list[tuple[str, str, int]]:
    compose = ("services:\n  api:\n    build: .\n    environment:\n"
               "      AUTH_SERVER_URL: http://localhost:8080\n" + env
               + "  auth:\n    image: example/auth-server:1\n    expose: ['8080']\n")
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": compose, "app/__init__.py": "",
                    "app/settings.py": SETTINGS, "app/main.py": MAIN}, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_fallback_is_not_dialled_where_the_first_read_is_set(tmp_path):
    assert _findings(tmp_path, "      AUTH_SERVER_INTERNAL_URL: http://auth:8080\n") == []


def test_the_fallback_is_dialled_where_the_first_read_is_unset(tmp_path):
    assert _findings(tmp_path, "      APP_MODE: prod\n") == [("DW101", "compose.yaml", 5)]


def test_the_fallback_is_dialled_where_the_first_read_is_set_empty(tmp_path):
    assert _findings(tmp_path, "      AUTH_SERVER_INTERNAL_URL: ''\n") == [("DW101", "compose.yaml", 5)]
