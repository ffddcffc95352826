"""DW201 says why the server binds loopback when its bind option sits on a line of its own.

In a folded block (``command: >``) a more-indented line keeps its line break, and inside
``sh -c "..."`` a line break ends a command: ``gunicorn app:app`` then ``--bind 0.0.0.0:8000``
on the next line starts gunicorn with its default bind (127.0.0.1) and runs ``--bind ...`` as a
command of its own.  The finding was right; its message asked to pass ``0.0.0.0``, which the
author had written.  It now names the stray line and how to mend it.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

FOLDED = """\
services:
  web:
    build: .
    command: >
      sh -c "python manage.py migrate &&
             gunicorn app:app
             --workers 2
             --bind 0.0.0.0:8000"
    ports: ["8000:8000"]
"""

ONE_LINE = """\
services:
  web:
    build: .
    command: sh -c "python manage.py migrate && gunicorn app:app --workers 2"
    ports: ["8000:8000"]
"""

CONTINUED = """\
services:
  web:
    build: .
    command: >
      sh -c "python manage.py migrate &&
             gunicorn app:app \\
             --bind 0.0.0.0:8000"
    ports: ["8000:8000"]
"""


def _dw201(tmp_path: Path, compose: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "manage.py": "import sys\n",
    }, git=True)
    return [f.message for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW201"]


def test_the_stray_option_line_is_named(tmp_path):
    [message] = _dw201(tmp_path, FOLDED)
    assert "`--bind 0.0.0.0:8000` after it runs as a command of its own" in message
    assert "Pass `0.0.0.0`" not in message


def test_a_server_given_no_bind_is_told_to_pass_one(tmp_path):
    [message] = _dw201(tmp_path, ONE_LINE)
    assert "Pass `0.0.0.0` as the host." in message


def test_a_line_continued_with_a_backslash_binds_every_interface(tmp_path):
    assert _dw201(tmp_path, CONTINUED) == []
