"""A start command whose first word is an interpreter option (``CMD ["-m", "app.main"]``)
runs under an image whose ENTRYPOINT is the interpreter (a distroless Python image): it is
read as ``python -m app.main`` and followed, not taken for an unknown program whose
container would be judged on every file it holds (rules/frameworks.yaml interpreter_options)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DB = 'import psycopg\n\nconn = psycopg.connect("postgresql://app@localhost:5432/app")\n'
LOADTEST = 'import redis\n\nr = redis.Redis(host="localhost", port=6379)\n'


def _flagged(tmp_path: Path, cmd: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n  db:\n    image: postgres:16\n",
        "Dockerfile": f"FROM gcr.io/distroless/python3-debian12\nWORKDIR /srv\nCOPY . /srv\nCMD {cmd}\n",
        "app/__init__.py": "",
        "app/main.py": "from app import db\n",
        "app/db.py": DB,
        "app/loadtest.py": LOADTEST,
    }, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("cmd", ['["-m", "app.main"]', '["-u", "-m", "app.main"]'])
def test_interpreter_options_start_the_module_they_name(tmp_path, cmd):
    # the module the command runs and what it imports, not the load-test script beside it
    assert _flagged(tmp_path, cmd) == ["app/db.py"]
