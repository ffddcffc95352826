"""A project script given what it waits for, then ``--`` and the command
(``./wait-for-db.sh db -- python worker.py``, the wait-for-it convention: the script takes
its first argument off with ``shift`` and runs the rest) runs the command after ``--``.
Before, its first argument was read as the program (``db``), the start command could not be
followed, and the container was judged on every file it holds."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

LOOPBACK = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'
WAIT = ('#!/bin/sh\nset -e\nhost="$1"\nshift\ncmd="$@"\n'
        'until nc -z "$host" {port}; do sleep 1; done\nexec $cmd\n')
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"


def _flagged(tmp_path: Path, command: str, files: dict[str, str] | None = None) -> list[str]:
    layout = {"compose.yaml": f"services:\n  worker:\n    build: .\n    command: {command}\n"
                              "  db:\n    image: postgres\n  broker:\n    image: rabbitmq\n",
              "Dockerfile": DOCKERFILE, "wait-for-db.sh": WAIT.format(port=5432),
              "wait-for-broker.sh": WAIT.format(port=5672),
              "worker.py": "import jobs\n", "jobs.py": LOOPBACK, "seed_data.py": LOOPBACK}
    make(tmp_path, {**layout, **(files or {})}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted({f.span.path for f in result.active})


def test_the_command_after_double_dash_is_what_runs(tmp_path):
    assert _flagged(tmp_path, '["./wait-for-db.sh", "db", "--", "python", "worker.py"]') == ["jobs.py"]


def test_chained_wait_scripts_run_the_last_command(tmp_path):
    command = '["./wait-for-db.sh", "db", "--", "./wait-for-broker.sh", "broker", "--", "python", "worker.py"]'
    assert _flagged(tmp_path, command) == ["jobs.py"]


def test_recall_a_script_whose_first_word_is_a_program_runs_that_program(tmp_path):
    # `./entry.sh python worker.py -- x`: the script runs its arguments as given
    entry = '#!/bin/sh\nexec "$@"\n'
    assert _flagged(tmp_path, '["./entry.sh", "python", "worker.py", "--", "x"]', {"entry.sh": entry}) == ["jobs.py"]


def test_a_wait_script_handed_to_the_shell_runs_the_command_after_double_dash(tmp_path):
    # `sh ./wait-for-db.sh db -- python worker.py`: as when the script runs directly (before,
    # `db` was read as the program and the container fell back to every file it holds)
    command = '["sh", "./wait-for-db.sh", "db", "--", "python", "worker.py"]'
    assert _flagged(tmp_path, command) == ["jobs.py"]


def test_a_known_wrapper_handed_to_the_shell_runs_its_command(tmp_path):
    # eficode's wait-for copied into the image and run by `/bin/sh` (before: read as a script
    # whose arguments start nothing, so the container ran no Python of the project)
    wait_for = ('#!/bin/sh\nwait_for() {\n  nc -z "$HOST" "$PORT" && exec "$@"\n}\n'
                'while [ $# -gt 0 ]; do\n  case "$1" in\n    *:* ) HOST=${1%:*}; PORT=${1#*:}; shift 1 ;;\n'
                '    --) shift; break ;;\n  esac\ndone\nwait_for "$@"\n')
    command = '"/bin/sh /opt/tools/wait-for.sh db:5432 -- python worker.py"'
    dockerfile = DOCKERFILE + "COPY wait-for.sh /opt/tools/wait-for.sh\n"
    assert _flagged(tmp_path, command, {"wait-for.sh": wait_for, "Dockerfile": dockerfile}) == ["jobs.py"]
