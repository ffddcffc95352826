"""A rate limiter of the `limits` family keeps its counters where its storage URI says: Flask-Limiter's
and slowapi's `Limiter(storage_uri=...)` hand it to `limits.storage.storage_from_string`, whose storage
dials that server on the rate-limited requests (`memory://` keeps them in the process).  A loopback
Redis there, in a web container beside a Redis service, is a finding with the service as the
suggestion; the service's name is not, nor is the in-memory storage."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SLOWAPI = ('from fastapi import FastAPI, Request\nfrom slowapi import Limiter\nfrom slowapi.util import get_remote_address\n\n'
           'limiter = Limiter(key_func=get_remote_address, storage_uri="{uri}")\napp = FastAPI()\n'
           'app.state.limiter = limiter\n\n\n@app.get("/quote")\n@limiter.limit("5/minute")\n'
           'async def quote(request: Request) -> dict:\n    return {{"price": 3}}\n')
FLASK = ('from flask import Flask\nfrom flask_limiter import Limiter\nfrom flask_limiter.util import get_remote_address\n\n'
         'app = Flask(__name__)\nlimiter = Limiter(get_remote_address, app=app, storage_uri="{uri}")\n\n\n'
         '@app.route("/quote")\n@limiter.limit("5 per minute")\ndef quote() -> str:\n    return "3"\n')
LIMITS = ('from fastapi import FastAPI\nfrom limits import parse\nfrom limits.storage import storage_from_string\n'
          'from limits.strategies import FixedWindowRateLimiter\n\nwindow = FixedWindowRateLimiter(storage_from_string("{uri}"))\n'
          'app = FastAPI()\n\n\n@app.get("/quote")\ndef quote() -> dict:\n'
          '    return {{"allowed": window.hit(parse("5/minute"), "quote")}}\n')

CASES = [(SLOWAPI, "uvicorn shop.web:app --host 0.0.0.0"), (FLASK, "gunicorn -b 0.0.0.0:8000 shop.web:app"),
         (LIMITS, "uvicorn shop.web:app --host 0.0.0.0")]


def _findings(tmp_path: Path, code: str, command: str) -> list[tuple[str, str | None, int | None]]:
    make(tmp_path, {
        "compose.yaml": (f"services:\n  web:\n    build: .\n    command: {command}\n    ports: [\"8000:8000\"]\n"
                         "  counters:\n    image: redis:7-alpine\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "shop/__init__.py": "",
        "shop/web.py": code,
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None, f.suggestion.port if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("code, command", CASES)
def test_a_loopback_storage_is_a_finding(tmp_path: Path, code: str, command: str) -> None:
    assert _findings(tmp_path, code.format(uri="redis://localhost:6379"), command) == [("DW101", "counters", 6379)]


@pytest.mark.parametrize("code, command", CASES)
def test_the_service_name_is_not(tmp_path: Path, code: str, command: str) -> None:
    assert _findings(tmp_path, code.format(uri="redis://counters:6379"), command) == []


@pytest.mark.parametrize("code, command", CASES)
def test_the_in_memory_storage_dials_nothing(tmp_path: Path, code: str, command: str) -> None:
    assert _findings(tmp_path, code.format(uri="memory://"), command) == []
