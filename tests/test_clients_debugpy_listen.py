"""``debugpy.listen(("localhost", 5678))`` in a module the container's start command imports
starts a debug adapter on the container's loopback: an IDE on the host (through a published
port) or in another container can never attach.  It is a bind (DW201) like a web server's;
the same call given ``0.0.0.0`` is silent (rules/clients.yaml)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MAIN = ('import debugpy\nfrom fastapi import FastAPI\n\n'
        'debugpy.listen(("{host}", 5678))\n\napp = FastAPI()\n')


def _findings(tmp_path: Path, host: str) -> list[tuple[str, int, str]]:
    compose = ("services:\n  api:\n    build: .\n"
               "    command: uvicorn app.main:app --host 0.0.0.0 --port 8000\n"
               "    ports:\n      - \"8000:8000\"\n      - \"5678:5678\"\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
                    "app/__init__.py": "", "app/main.py": MAIN.format(host=host)}, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_debug_adapter_on_the_loopback_is_a_loopback_bind(tmp_path):
    assert _findings(tmp_path, "localhost") == [("app/main.py", 4, "DW201")]


def test_a_debug_adapter_on_every_interface_is_silent(tmp_path):
    assert _findings(tmp_path, "0.0.0.0") == []
