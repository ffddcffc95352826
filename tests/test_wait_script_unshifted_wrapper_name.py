"""A project script under the name of a wrapper that runs its command only after ``--``
(``wait-for-postgres.sh``, listed beside wait-for-it) that takes none of its arguments off and
runs them all (``exec "$@"`` on its own level, no ``shift``): ``command: bin/wait-for-postgres.sh
python manage.py runserver`` runs ``python manage.py runserver``.  Before, the wrapper's
convention was applied to the script the tree holds, no ``--`` was found, and the container was
taken to run none of the project's Python (every finding of its code silent).  A script that
is not in the tree keeps the wrapper's convention, and the wait-for-it form with ``--`` is
unchanged (``layout/shifted.py``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WAIT = ('#!/bin/bash\nset -euo pipefail\n\nready() {\npython << END\nimport sys\nsys.exit(0)\nEND\n}\n'
        'until ready; do\n  >&2 echo "waiting"\n  sleep 2\ndone\n\nexec "$@"\n')
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def _flagged(tmp_path: Path, command: str, script: str | None = WAIT) -> list[tuple[str, str]]:
    files = {"compose.yaml": f"services:\n  worker:\n    build: .\n    command: {command}\n  db:\n    image: postgres\n",
             "Dockerfile": DOCKERFILE, "worker.py": "import jobs\n",
             "jobs.py": 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'}
    if script is not None:
        files["bin/wait-for-postgres.sh"] = script
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.code) for f in result.active)


def test_the_arguments_the_script_runs_whole_are_the_command(tmp_path):
    assert _flagged(tmp_path, "bin/wait-for-postgres.sh python worker.py") == [("jobs.py", "DW101")]


def test_the_double_dash_form_is_unchanged(tmp_path):
    assert _flagged(tmp_path, "bin/wait-for-postgres.sh db -- python worker.py") == [("jobs.py", "DW101")]


def test_a_script_the_tree_does_not_hold_keeps_the_wrapper_convention(tmp_path):
    assert _flagged(tmp_path, "/usr/local/bin/wait-for-postgres.sh python worker.py", script=None) == []


def test_a_script_that_parses_its_arguments_is_not_read(tmp_path):
    parsing = '#!/bin/sh\nwhile getopts t: o; do :; done\nexec "$@"\n'
    assert _flagged(tmp_path, "bin/wait-for-postgres.sh python worker.py", script=parsing) == []
