"""A gate reads the environment through an instance of a known reader made in another
module of the project (``from app.conf import config`` where ``config = Config(".env")`` of
starlette, ``rules/clients.yaml``): ``if config("MODE", default="local") == "cloud":`` runs
only where MODE is "cloud"."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONF = 'from starlette.config import Config\n\ntry:\n    config = Config(".env")\nexcept FileNotFoundError:\n    config = Config()\n'
DB = '''import redis

from app.conf import config

MODE = config("MODE", default="local")

if MODE == "cloud":
    client = redis.Redis(host="localhost", port=6379)
'''


@pytest.mark.parametrize("mode, lines", [("local", []), ("cloud", [8])])
def test_an_imported_reader_instance_gates_the_branch(tmp_path, mode, lines):
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    build: .\n    environment:\n      MODE: {mode}\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nCMD [\"python\", \"-m\", \"app.db\"]\n",
        "app/__init__.py": "",
        "app/conf.py": CONF,
        "app/db.py": DB,
    }, git=True)
    assert [f.span.line for f in run_check([tmp_path], Config(cache=False)).active] == lines
