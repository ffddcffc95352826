"""A method's branch on an instance attribute that ``__init__`` binds to an environment read
(``self.mode = os.getenv("MODE")`` / ``if self.mode == "docker":``) is gated like a branch on
the read itself: where the service's environment selects another value, the client built
there is never dialled. The branch the environment selects keeps its finding, and so does an
attribute something else may rebind (a second assignment, one under a branch of
``__init__``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """services:
  api:
    build: .
    command: python -m svc.main
    environment:
      - MODE=compose
  cache:
    image: memcached:1.6
"""

CONN = '''import os

from pymemcache.client import base


class Conn:
    def __init__(self):
{init}

    def for_docker(self):
        if self.mode == "docker":
            return base.Client(("127.0.0.1", 11211))
        return None

    def for_compose(self):
        if self.mode == "compose":
            return base.Client(("localhost", 11211))
        return None
{extra}'''

MAIN = "from svc.conn import Conn\n\nc = Conn()\nc.for_docker()\nc.for_compose()\n"


def lines(tmp_path: Path, init: str = '        self.mode = os.getenv("MODE")', extra: str = "") -> list[int]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                    "svc/__init__.py": "", "svc/main.py": MAIN,
                    "svc/conn.py": CONN.format(init=init, extra=extra)}, git=True)
    return sorted(f.span.line for f in run_check([tmp_path], Config(cache=False)).active
                  if f.code == "DW101")


def test_a_branch_the_environment_does_not_select_is_silent(tmp_path):
    assert lines(tmp_path) == [17]


def test_a_local_bound_to_the_read_first_is_followed(tmp_path):
    init = '        mode = os.environ.get("MODE", "docker")\n        self.mode = mode'
    assert lines(tmp_path, init=init) == [18]


def test_an_attribute_bound_under_a_branch_is_unknown(tmp_path):
    init = '        if os.getenv("X"):\n            self.mode = os.getenv("MODE")'
    assert lines(tmp_path, init=init) == [13, 18]


def test_an_attribute_rebound_elsewhere_is_unknown(tmp_path):
    extra = '\n    def switch(self):\n        self.mode = "docker"\n'
    assert lines(tmp_path, extra=extra) == [12, 17]
