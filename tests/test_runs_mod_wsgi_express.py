"""``mod_wsgi-express start-server SCRIPT`` (the mod_wsgi package's Apache launcher) hosts
the WSGI script file its path names: the container runs what that script imports (from the
directories ``--working-directory`` puts on its import path too, read where the command runs,
or, on an image whose working directory is unknown, where the project is mounted), and the
server listens on every interface at 8000 unless ``--host``/``--port`` say otherwise.
Before, the program was unknown, its start command could not be followed, and every mounted
file was judged there: a module of another service dialling a service this container shares
no network with was reported against it (precision).  The script's own imports keep their
findings, and a ``--host 127.0.0.1`` is a loopback bind."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WSGI = '''import store


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [store.kv.get("greeting") or b""]
'''
STORE = '''import redis

kv = redis.Redis(host="localhost", port=6379)
'''
OTHER = '''import requests


def refresh():
    return requests.get("http://ledger:9000/sync").json()
'''


def _found(tmp_path: Path, host: str, workdir: bool = True) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": (
            "services:\n"
            "  front:\n    image: acme/wsgihost:2\n" + ("    working_dir: /srv\n" if workdir else "") +
            f"    command: mod_wsgi-express start-server --working-directory ./site {host}--port 8000 site/conf/wsgi.py\n"
            "    volumes:\n      - .:/srv\n    networks: [edge]\n"
            "  ledger:\n    image: acme/ledger:1\n    networks: [core]\n"
            "  kv:\n    image: redis:7\n    networks: [edge]\n"
            "networks:\n  edge: {}\n  core: {}\n"
        ),
        "site/conf/wsgi.py": WSGI,
        "site/store.py": STORE,
        "batch/refresh.py": OTHER,
    }, git=True)
    return sorted((f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("workdir", [True, False])
def test_the_wsgi_script_and_its_imports_run(tmp_path, workdir):
    assert _found(tmp_path, "", workdir) == [("site/store.py", "DW101")]


def test_a_loopback_host_option_is_a_loopback_bind(tmp_path):
    found = _found(tmp_path, "--host 127.0.0.1 ")
    assert ("site/store.py", "DW101") in found
    assert ("batch/refresh.py", "DW104") not in found
    assert any(code == "DW201" for _, code in found)
