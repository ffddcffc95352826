"""Tornado takes a server's interface as ``address``: ``app.listen(8888, address="127.0.0.1")``
on a ``tornado.web.Application`` binds the container's loopback (DW201); an empty or absent
address is every interface (rules/clients.yaml).  ``python -m tornado.autoreload script.py``
(or ``-m module``) runs the script as the interpreter would (rules/commands.yaml wrappers): the
container runs that script, not every file it holds."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
SIDE = "import redis\n\nredis.Redis(host=\"localhost\", port=6379).flushall()\n"


def _server(listen: str) -> str:
    return ("import tornado.ioloop\nimport tornado.web\n\nsite = tornado.web.Application([])\n"
            "site." + listen + "\ntornado.ioloop.IOLoop.current().start()\n")


def _findings(base: Path, listen: str, command: str = "python board.py") -> list[tuple[str, int, str]]:
    compose = ("services:\n  board:\n    build: .\n    command: " + command + "\n"
               "    ports:\n      - \"8888:8888\"\n  cache:\n    image: redis:7\n")
    make(base, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "board.py": _server(listen),
                "maintenance.py": SIDE}, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([base], Config(cache=False)).active)


def test_a_tornado_application_listening_on_the_loopback_address(tmp_path):
    assert _findings(tmp_path / "kw", 'listen(8888, address="127.0.0.1")') == [("board.py", 5, "DW201")]
    assert _findings(tmp_path / "pos", 'listen(8888, "localhost")') == [("board.py", 5, "DW201")]


def test_a_tornado_application_on_every_interface_is_silent(tmp_path):
    assert _findings(tmp_path / "all", 'listen(8888, address="0.0.0.0")') == []
    assert _findings(tmp_path / "empty", "listen(8888)") == []


def test_tornado_autoreload_runs_the_script_it_is_given(tmp_path):
    for i, command in enumerate(("python -m tornado.autoreload board.py", "python -m tornado.autoreload -m board")):
        assert _findings(tmp_path / str(i), 'listen(8888, address="127.0.0.1")', command) == [("board.py", 5, "DW201")]
