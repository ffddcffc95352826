"""A shared ``.env`` gives a one-off setup container the web application's ``REDIS_URL``.  Its
start command is a shell script whose lines only run the project's Python (``python -m
shop.seed``) and shell words that start nothing (``set -e``, ``echo``): the script starts no
other program that could read the variable by its documented name, so where neither the
script's text nor the modules it runs name it, nothing there reads it, as for the same
modules started directly (``Judge._read_nowhere``, ``runs.entries.scripts_run_entries_only``).
A script that names the variable, or that starts a program dockwise does not follow, keeps
the container; the web container, whose code dials it, keeps its finding throughout."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

ENV = "REDIS_URL=redis://localhost:6379/0\nSEED_SIZE=10\n"
DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "-m", "shop.web"]\n'
WEB = 'import os\n\nimport redis\n\nCACHE = redis.Redis.from_url(os.environ["REDIS_URL"])\nCACHE.ping()\n'
SEED = ('import os\nimport sqlite3\n\n\ndef main():\n'
        '    db = sqlite3.connect("/tmp/shop.db")\n'
        '    db.execute("create table if not exists item (n int)")\n'
        '    for n in range(int(os.environ.get("SEED_SIZE", "5"))):\n'
        '        db.execute("insert into item values (?)", (n,))\n'
        '    db.commit()\n\n\nif __name__ == "__main__":\n    main()\n')
SCRIPT = '#!/bin/sh\nset -e\necho "seeding"\npython -m shop.seed\necho "done"\n'


def findings(tmp_path: Path, script: str = SCRIPT) -> list[tuple[str, str, str]]:
    compose = ("services:\n"
               "  web:\n    build: .\n    env_file: .env\n"
               "  setup:\n    build: .\n    env_file: .env\n    command: sh bin/setup.sh\n"
               "  cache:\n    image: redis:7\n")
    files = {"compose.yaml": compose, ".env": ENV, "Dockerfile": DOCKERFILE,
             "shop/__init__.py": "", "shop/web.py": WEB, "shop/seed.py": SEED, "bin/setup.sh": script}
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, ",".join(f.services)) for f in result.active)


def test_a_script_that_only_runs_the_projects_python_reads_nothing_unseen(tmp_path):
    assert findings(tmp_path) == [(".env", "DW101", "web")]


def test_a_script_that_names_the_variable_keeps_the_container(tmp_path):
    script = SCRIPT.replace('echo "done"\n', 'echo "cache at $REDIS_URL"\n')
    assert findings(tmp_path, script) == [(".env", "DW101", "setup,web")]


def test_a_script_that_starts_another_program_keeps_the_container(tmp_path):
    script = SCRIPT.replace('echo "done"\n', "stocksync --full\n")
    assert findings(tmp_path, script) == [(".env", "DW101", "setup,web")]
