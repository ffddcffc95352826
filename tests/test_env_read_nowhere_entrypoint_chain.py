"""A shared ``.env`` gives a one-off container the web application's ``REDIS_URL``.  Its image's
ENTRYPOINT is a script of the tree that ends with ``exec "$@"``, and its Compose command is a
second script of the tree (``/run-seed``, run by its ``#!`` line) whose lines run only the
project's Python.  Each command of that chain is a script dockwise read whole (its own lines are
among the start command's) or the entrypoint's forward of its arguments, which were read as the
command they are: the chain starts no other program, and where nothing it runs names the
variable, nothing there reads it (``runs.entries.scripts_run_entries_only``).  The web
container, whose code dials the variable, keeps its finding; an entrypoint whose forwarded
command starts a program dockwise does not follow keeps the one-off container judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

ENV = "REDIS_URL=redis://localhost:6379/0\n"
DOCKERFILE = ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
              "COPY ops/entry /docker-entrypoint.sh\nCOPY ops/run-seed /run-seed\n"
              'ENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["python", "-m", "shop.web"]\n')
WEB = 'import os\n\nimport redis\n\nCACHE = redis.Redis.from_url(os.environ["REDIS_URL"])\nCACHE.ping()\n'
SEED = ('import sqlite3\n\n\ndef main():\n    db = sqlite3.connect("/tmp/shop.db")\n'
        '    db.execute("create table if not exists item (n int)")\n    db.commit()\n\n\n'
        'if __name__ == "__main__":\n    main()\n')
ENTRY = '#!/bin/bash\nset -o errexit\nset -o nounset\nexec "$@"\n'
SEED_SCRIPT = '#!/bin/bash\nset -o errexit\ncd /srv\npython -m shop.seed\n'


def findings(tmp_path: Path, command: str = "/run-seed") -> list[tuple[str, str, str]]:
    compose = ("services:\n"
               "  web:\n    build: .\n    env_file: .env\n"
               f"  setup:\n    build: .\n    env_file: .env\n    command: {command}\n"
               "  cache:\n    image: redis:7\n")
    files = {"compose.yaml": compose, ".env": ENV, "Dockerfile": DOCKERFILE,
             "shop/__init__.py": "", "shop/web.py": WEB, "shop/seed.py": SEED,
             "ops/entry": ENTRY, "ops/run-seed": SEED_SCRIPT}
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, ",".join(f.services)) for f in result.active)


def test_an_entrypoint_chain_of_scripts_that_run_only_the_projects_python_reads_nothing_unseen(tmp_path):
    assert findings(tmp_path) == [(".env", "DW101", "web")]


def test_a_forwarded_command_that_starts_another_program_keeps_the_container(tmp_path):
    assert findings(tmp_path, "stocksync --full") == [(".env", "DW101", "setup,web")]
