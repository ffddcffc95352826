"""A generic helper that walks the subclasses of the class it is handed (``def
descendants(cls): for sub in cls.__subclasses__(): ...``) reaches only the subclasses of the
classes its callers hand it (``descendants(Exporter)``, through another helper's parameter,
wrapped in ``typing.cast``): a class of the container outside that lineage, which only code
naming it could build, is not built by the walk.  Before, a walk whose receiver was a parameter
was taken to reach any class, and the dial in such a class's ``__init__`` was judged in every
container that imported the helper's module."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = ("services:\n  gateway:\n    build: .\n    command: [\"python\", \"-m\", \"relay.main\"]\n"
           "  queue:\n    image: redis:7\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
WALK = ("def descendants(cls):\n"
        "    out = []\n"
        "    for sub in cls.__subclasses__():\n"
        "        out.append(sub)\n"
        "        out.extend(descendants(sub))\n"
        "    return out\n\n\n"
        "def load_kinds(base):\n"
        "    return descendants(base)\n")
EXPORTERS = ("from typing import cast\n\n"
             "from relay.registry import load_kinds\n\n\n"
             "class Exporter:\n"
             "    label = 'plain'\n\n\n"
             "KINDS = load_kinds(cast(type[Exporter], Exporter))\n")
BACKLOG = ("import redis\n{imports}\n\n"
           "class Backlog{bases}:\n"
           "    def __init__(self):\n"
           "        self.conn = redis.Redis(host=\"localhost\", port=6379)\n")
MAIN = ("from http.server import BaseHTTPRequestHandler, HTTPServer\n\n"
        "from relay import backlog, exporters  # noqa: F401\n\n\n"
        "class Ping(BaseHTTPRequestHandler):\n"
        "    def do_GET(self):\n"
        "        self.send_response(204)\n"
        "        self.end_headers()\n\n\n"
        "HTTPServer((\"0.0.0.0\", 8000), Ping).serve_forever()\n")


def _flagged(tmp_path: Path, backlog: str, extra: str = "") -> list[str]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "relay/__init__.py": "",
                    "relay/registry.py": WALK, "relay/exporters.py": EXPORTERS + extra,
                    "relay/backlog.py": backlog, "relay/main.py": MAIN}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(f.span.path for f in result.active)


def test_a_walk_of_the_class_its_callers_hand_it_builds_no_other_class(tmp_path):
    assert _flagged(tmp_path, BACKLOG.format(imports="", bases="")) == []


def test_recall_a_class_in_the_walked_lineage_may_be_built(tmp_path):
    backlog = BACKLOG.format(imports="from relay.exporters import Exporter\n", bases="(Exporter)")
    assert _flagged(tmp_path, backlog) == ["relay/backlog.py"]


def test_recall_a_walker_handed_on_as_a_value_may_reach_any_class(tmp_path):
    extra = "\nMORE = list(map(load_kinds, [object]))\n"
    assert _flagged(tmp_path, BACKLOG.format(imports="", bases=""), extra) == ["relay/backlog.py"]
