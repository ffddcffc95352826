"""GINO binds its engine at start-up, `await db.set_bind(url)` on a `Gino()` object (also one
of its framework extensions), or `await gino.create_engine(url)`: both open asyncpg's pool
on that URL, so a loopback URL in a container of the Compose layout is a finding, and a
service's name is none (``rules/clients.yaml``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = ("services:\n  shop:\n    build: .\n    command: python -m store\n"
           "  ledger:\n    image: postgres:16\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install gino aiohttp\n"


def _main(setup: str, url: str) -> str:
    return ("from aiohttp import web\n" + setup + "\n\n"
            "async def on_start(app):\n"
            f"    await BIND(\"{url}\")\n\n\n"
            "def build():\n    app = web.Application()\n    app.on_startup.append(on_start)\n    return app\n\n\n"
            "if __name__ == \"__main__\":\n    web.run_app(build(), host=\"0.0.0.0\", port=8080)\n")


SETUPS = {
    "set_bind": ("from gino import Gino\n\ndb = Gino()\n", "db.set_bind"),
    "extension": ("from gino.ext.aiohttp import Gino\n\ndb = Gino()\n", "db.set_bind"),
    "create_engine": ("import gino\n", "gino.create_engine"),
}


def _findings(tmp_path: Path, kind: str, url: str) -> list[tuple[str, str]]:
    setup, call = SETUPS[kind]
    main = _main(setup, url).replace("BIND", call)
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "store/__init__.py": "",
                    "store/__main__.py": main}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    return [(f.span.path, f.code) for f in result.active]


@pytest.mark.parametrize("kind", sorted(SETUPS))
def test_loopback_bind_is_a_finding(tmp_path: Path, kind: str):
    assert _findings(tmp_path, kind, "postgresql://shop@localhost:5432/shop") == [("store/__main__.py", "DW101")]


@pytest.mark.parametrize("kind", sorted(SETUPS))
def test_service_name_is_none(tmp_path: Path, kind: str):
    assert _findings(tmp_path, kind, "postgresql://shop@ledger:5432/shop") == []
