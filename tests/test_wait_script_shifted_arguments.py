"""A project script given what it waits for and then the command, with no ``--``
(``command: ["./wait-for-postgres.sh", "db", "python", "app.py"]``, Docker's "Control startup
order" example: the script keeps ``host="$1"``, takes it off with ``shift`` and ends in
``exec "$@"``) runs the command after the words it takes off.  Before, ``db`` was read as the
program: the command could not be followed, and the container either ran nothing of the
project or was judged on every file it holds (a host-run seed script included).  A script that
takes its words off in a loop, a branch or an option parser keeps the command as written."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.shifted import shifted_argument_count
from tests.conftest import make

LOOPBACK = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'
WAIT = ('#!/bin/sh\nset -e\n\nhost="$1"\nshift\n\nuntil nc -z "$host" 5432; do\n'
        '  >&2 echo "unavailable - sleeping"\n  sleep 1\ndone\n\nexec "$@"\n')
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"


def _flagged(tmp_path: Path, command: str, files: dict[str, str] | None = None) -> dict[str, list[str]]:
    layout = {"compose.yaml": f"services:\n  worker:\n    build: .\n    command: {command}\n"
                              "  db:\n    image: postgres\n  cache:\n    image: redis\n",
              "Dockerfile": DOCKERFILE, "wait-for-db.sh": WAIT, "wait-for-postgres.sh": WAIT,
              "worker.py": "import jobs\n", "jobs.py": LOOPBACK, "seed_data.py": LOOPBACK}
    make(tmp_path, {**layout, **(files or {})}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    out: dict[str, list[str]] = {}
    for f in result.active:
        out.setdefault(f.span.path, []).append(f.code)
    return out


def test_the_command_after_the_shifted_host_runs(tmp_path):
    # the true finding in the module the command imports, and none in the seed script beside it
    flagged = _flagged(tmp_path, '["./wait-for-db.sh", "db:5432", "python", "worker.py"]')
    assert flagged == {"jobs.py": ["DW101"]}


def test_a_script_under_a_wrapper_name_runs_the_command_too(tmp_path):
    # the name of Docker's example script, known as a wrapper that needs `--`: this one does not
    flagged = _flagged(tmp_path, '["./wait-for-postgres.sh", "db", "python", "worker.py"]')
    assert flagged == {"jobs.py": ["DW101"]}


def test_shift_by_a_count_takes_that_many_words(tmp_path):
    wait2 = '#!/bin/sh\nhost="$1"\nport="$2"\nshift 2\nuntil nc -z "$host" "$port"; do sleep 1; done\nexec "$@"\n'
    flagged = _flagged(tmp_path, '["./wait2.sh", "db", "5432", "python", "worker.py"]', {"wait2.sh": wait2})
    assert flagged == {"jobs.py": ["DW101"]}


def test_the_double_dash_form_is_unchanged(tmp_path):
    flagged = _flagged(tmp_path, '["./wait-for-db.sh", "db", "--", "python", "worker.py"]')
    assert flagged == {"jobs.py": ["DW101"]}


def test_arguments_held_in_a_variable_and_run_later(tmp_path):
    held = '#!/bin/bash\nset -e\nhost="$1"\nshift\ncmd="$@"\nuntil nc -z "$host" 5432; do\n  sleep 1\ndone\nexec $cmd\n'
    flagged = _flagged(tmp_path, '["./held.sh", "db", "python", "worker.py"]', {"held.sh": held})
    assert flagged == {"jobs.py": ["DW101"]}


def test_counted_shifts():
    assert shifted_argument_count(WAIT) == 1
    assert shifted_argument_count('#!/bin/sh\nshift\nshift 2\nexec "$@"\n') == 3
    # no shift: the arguments run as given
    assert shifted_argument_count('#!/bin/sh\nexec "$@"\n') is None
    # a shift in a loop, a branch or a function runs any number of times
    loop = '#!/bin/sh\nwhile [ $# -gt 0 ]; do\n  case "$1" in\n    -t) shift 2 ;;\n    *) break ;;\n  esac\ndone\nexec "$@"\n'
    assert shifted_argument_count(loop) is None
    branch = '#!/bin/sh\nif [ "$1" = wait ]; then\nshift\nfi\nexec "$@"\n'
    assert shifted_argument_count(branch) is None
    # arguments rewritten or parsed: not read
    assert shifted_argument_count('#!/bin/sh\nshift\nset -- python "$@"\nexec "$@"\n') is None
    assert shifted_argument_count('#!/bin/sh\nwhile getopts t: o; do :; done\nshift\nexec "$@"\n') is None
    # a shift after the arguments ran does not count; a run only inside a block is no run line
    assert shifted_argument_count('#!/bin/sh\nexec "$@"\nshift\n') is None
    assert shifted_argument_count('#!/bin/sh\nshift\nif true; then\n  exec "$@"\nfi\n') is None

