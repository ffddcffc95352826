"""An entrypoint script without ``exec`` that runs the Python script by its path (its
shebang starts it: ``/srv/worker.py "$@"``) passes the variables it exported to it: a settings
default for one of them never applies there (dockwise.layout.entryexports)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

WORKER = ('#!/usr/bin/env python3\nimport os\nimport psycopg\n'
          'conn = psycopg.connect(os.environ.get("LEDGER_DSN", "postgresql://u@localhost:5432/ledger"))\n')


def flagged(tmp_path: Path, script: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  worker:\n    build: .\n    command: --batch 10\n    environment:\n"
                        "      PGHOST: db\n  db:\n    image: postgres:16\n",
        "Dockerfile": ("FROM python:3.12-slim\nCOPY . /srv/\nWORKDIR /srv\n"
                       'ENTRYPOINT ["/srv/start.sh"]\n'),
        "start.sh": script,
        "worker.py": WORKER,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_exports_reach_a_script_run_by_its_path(tmp_path):
    script = ('#!/bin/bash\nset -e\nif [ -z "$PGHOST" ]; then\n  echo "no host" >&2\n  exit 1\nfi\n'
              'export LEDGER_DSN="postgresql://u@${PGHOST}:5432/ledger"\nprintenv\n/srv/worker.py $@\n')
    assert flagged(tmp_path, script) == []


def test_an_export_after_the_script_runs_leaves_the_default_judged(tmp_path):
    script = '#!/bin/bash\n/srv/worker.py "$@"\nexport LEDGER_DSN="postgresql://u@db:5432/ledger"\n'
    assert flagged(tmp_path, script) == [("worker.py", 4, "DW101")]
