"""A dial after a failed import in a ``try`` runs nowhere, whatever the handler's breadth.

``try: from ghost_store import Store; cache = redis.Redis(host="localhost") except Exception:``
catches the ImportError as surely as ``except ImportError:`` does: where the image installs
nothing that provides ``ghost_store`` (and the project holds no such module), the line after
the import never runs.  The same ``try`` importing a library the requirements install keeps
its loopback dial a finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
    command: ["uvicorn", "portal.main:app", "--host", "0.0.0.0"]
    ports: ["8000:8000"]
  cache:
    image: redis:7
"""
DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
"""
REQUIREMENTS = "fastapi\nuvicorn\nredis\n"
MAIN = """\
import redis
from fastapi import FastAPI

try:
    from ghost_store.adapters import Store
    lost = redis.Redis(host="localhost", port=6379)
    Store(lost).start()
{handler}:
    print("replay off")

try:
    import redis.asyncio
    kept = redis.Redis(host="localhost", port=6379)
    kept.ping()
{handler}:
    print("cache off")

app = FastAPI()
"""


def _run(tmp_path: Path, handler: str) -> set[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": DOCKERFILE,
        "requirements.txt": REQUIREMENTS,
        "portal/__init__.py": "",
        "portal/main.py": MAIN.format(handler=handler),
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return {f"{f.span.path}:{f.span.line}" for f in found}


def test_except_exception_after_a_missing_import(tmp_path: Path) -> None:
    assert _run(tmp_path, "except Exception") == {"portal/main.py:13"}


def test_bare_except_after_a_missing_import(tmp_path: Path) -> None:
    assert _run(tmp_path, "except") == {"portal/main.py:13"}


def test_except_import_error_still_the_same(tmp_path: Path) -> None:
    assert _run(tmp_path, "except ImportError") == {"portal/main.py:13"}
