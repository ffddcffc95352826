"""A module-level function that is only wrapped by its decorator (``@contextmanager``,
``@asynccontextmanager``, ``@lru_cache(...)``: rules/flow.yaml wrapping_decorators) runs its
body where code calls its name, as an undecorated one does: a client class whose only
construction is ``with Sandbox() as box: yield box`` in such a helper that nothing the container
runs calls is not built there.  Before, any decorator was taken to hand the function to a
framework, and the dial in the class's ``__init__`` was judged in every container importing
the helper's module."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = ("services:\n  relay:\n    build: .\n    command: [\"python\", \"-m\", \"hub.main\"]\n"
           "  runner:\n    image: acme/runner:1\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
CLIENT = ("import requests\n\n\n"
          "class Sandbox:\n"
          "    def __init__(self):\n"
          "        self.http = requests.Session()\n"
          "        self.http.get(\"http://localhost:8000/health\", timeout=5)\n\n"
          "    def __enter__(self):\n"
          "        return self\n\n"
          "    def __exit__(self, *exc):\n"
          "        self.http.close()\n")
HELPER = ("{imports}\n\n"
          "from hub.client import Sandbox\n\n\n"
          "{decorator}\n"
          "def open_box():\n"
          "    with Sandbox() as box:\n"
          "        yield box\n")
MAIN = ("from http.server import BaseHTTPRequestHandler, HTTPServer\n\n"
        "from hub import helpers  # noqa: F401\n\n\n"
        "class Ping(BaseHTTPRequestHandler):\n"
        "    def do_GET(self):\n"
        "        self.send_response(204)\n"
        "        self.end_headers()\n\n\n"
        "{extra}HTTPServer((\"0.0.0.0\", 8080), Ping).serve_forever()\n")


def _flagged(tmp_path: Path, imports: str, decorator: str, extra: str = "") -> list[str]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "hub/__init__.py": "",
                    "hub/client.py": CLIENT, "hub/helpers.py": HELPER.format(imports=imports, decorator=decorator),
                    "hub/main.py": MAIN.format(extra=extra)}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(f.span.path for f in result.active)


@pytest.mark.parametrize(("imports", "decorator"), [
    ("from contextlib import contextmanager", "@contextmanager"),
    ("import contextlib", "@contextlib.contextmanager"),
    ("from functools import lru_cache", "@lru_cache(maxsize=1)"),
])
def test_a_wrapped_helper_nothing_calls_builds_nothing(tmp_path, imports, decorator):
    assert _flagged(tmp_path, imports, decorator) == []


def test_recall_a_wrapped_helper_the_container_calls_builds_the_client(tmp_path):
    extra = "with helpers.open_box() as box:\n    pass\n\n"
    assert _flagged(tmp_path, "from contextlib import contextmanager", "@contextmanager", extra) == ["hub/client.py"]


def test_recall_a_registering_decorator_keeps_the_body_live(tmp_path):
    imports = "import atexit\nfrom contextlib import contextmanager"
    assert _flagged(tmp_path, imports, "@atexit.register") == ["hub/client.py"]
