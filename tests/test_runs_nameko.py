"""``nameko run [options] module[:ServiceClass] ...`` imports each module it is given (the
working directory first on sys.path): a container started so runs those modules and what they
import, not every file it holds.  One image per role over one source directory (a gateway
and an RPC worker) is judged on the dependencies each role imports."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  broker:
    image: rabbitmq:3
  sessions:
    image: redis:7
  ledger:
    image: postgres:16
  front:
    build: {{context: ., dockerfile: Front.Dockerfile}}
    environment: [SESSIONS_HOST=sessions]
  rpc:
    build: {{context: ., dockerfile: Rpc.Dockerfile}}
    environment: [LEDGER_HOST=ledger]
"""
FILES = {
    "Front.Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["nameko", "run", "--config", "conf.yml", "front"]\n',
    "Rpc.Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["nameko", "run", "--config", "conf.yml", "{rpc}"]\n',
    "front.py": "from deps.sessions import Sessions\n\nclass Front:\n    name = 'front'\n    sessions = Sessions()\n",
    "rpc.py": "from deps.store import Store\n\nclass Rpc:\n    name = 'rpc'\n    store = Store()\n",
    "audit.py": "from deps.audit_log import AuditLog\n\nclass Audit:\n    name = 'audit'\n    log = AuditLog()\n",
    "deps/__init__.py": "",
    "deps/sessions.py": ("import os\nimport redis\n\nclass Sessions:\n    def setup(self):\n"
                         "        self.r = redis.Redis(host=os.environ.get('SESSIONS_HOST', '127.0.0.1'), port=6379)\n"),
    "deps/store.py": ("import os\nimport psycopg\n\nclass Store:\n    def setup(self):\n"
                      "        self.c = psycopg.connect(host=os.environ.get('LEDGER_HOST', '127.0.0.1'), port=5432)\n"),
    "deps/audit_log.py": ("import psycopg\n\nclass AuditLog:\n    def setup(self):\n"
                          "        self.c = psycopg.connect(host='127.0.0.1', port=5432)\n"),
}


def _found(tmp_path: Path, rpc: str) -> list[tuple[str, str, str]]:
    files = {**FILES, "compose.yaml": COMPOSE.format(), "Rpc.Dockerfile": FILES["Rpc.Dockerfile"].format(rpc=rpc)}
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.code, f.service) for f in result.active)


def test_each_role_is_judged_on_what_its_service_module_imports(tmp_path):
    """Judged on every file each container holds, both were charged with a dependency that
    no role imports (and could be with the other role's, whose variable they do not set);
    each role imports only its own, whose variable its service sets."""
    assert _found(tmp_path, "rpc") == []


def test_every_module_named_runs(tmp_path):
    """`nameko run rpc", "audit`: both modules are imported (recall guard)."""
    found = _found(tmp_path, 'rpc", "audit')
    assert found == [("deps/audit_log.py", "DW101", "rpc")]
