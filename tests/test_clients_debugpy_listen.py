"""``debugpy.listen(("localhost", 5678))`` in a module the container's start command imports
starts a debug adapter on the container's loopback: an IDE on the host (through a published
port) or in another container can never attach.  It is a bind (DW201) like a web server's;
the same call given ``0.0.0.0`` is silent (rules/clients.yaml).  A port alone
(``debugpy.listen(5678)``) listens on 127.0.0.1, debugpy's default: a finding where the port is
published (or exposed, or another service dials it), wherever the line runs."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MAIN = ('import debugpy\nfrom fastapi import FastAPI\n\n'
        'debugpy.listen({endpoint})\n\napp = FastAPI()\n')


def _findings(tmp_path: Path, host: str, endpoint: str = '("{host}", 5678)',
              published: str = "      - \"5678:5678\"\n") -> list[tuple[str, int, str]]:
    compose = ("services:\n  api:\n    build: .\n"
               "    command: uvicorn app.main:app --host 0.0.0.0 --port 8000\n"
               "    ports:\n      - \"8000:8000\"\n" + published)
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
                    "app/__init__.py": "", "app/main.py": MAIN.format(endpoint=endpoint.format(host=host))}, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_debug_adapter_on_the_loopback_is_a_loopback_bind(tmp_path):
    assert _findings(tmp_path, "localhost") == [("app/main.py", 4, "DW201")]


def test_a_debug_adapter_on_every_interface_is_silent(tmp_path):
    assert _findings(tmp_path, "0.0.0.0") == []


def test_a_debug_adapter_given_a_port_alone_listens_on_the_loopback(tmp_path):
    # debugpy.listen(5678) is debugpy.listen(("127.0.0.1", 5678)) (debugpy's documentation)
    assert _findings(tmp_path, "", "5678") == [("app/main.py", 4, "DW201")]
    assert _findings(tmp_path, "", "port=5678") == [("app/main.py", 4, "DW201")]


def test_an_unpublished_debug_adapter_port_is_silent(tmp_path):
    # nothing outside the container is told to reach it: no evidence the loopback misses
    assert _findings(tmp_path, "", "5678", published="") == []
