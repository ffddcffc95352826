"""A well-known wrapper kept in the project and copied into the image (a vendored copy of
wait-for-it, run directly: ``CMD ["wait-for-it.sh", "db:5432", "--", "python", "serve.py"]``)
runs the command after ``--``, as its entry in ``rules/commands.yaml`` wrappers says.

Before, the copy was read as an entrypoint script that dispatches on its first argument: its
option loop, ``case "$1" in *:* ) ...; shift ;;``, matched ``db:5432``, so the words after it
were taken as a subcommand of the script, the command after ``--`` was dropped and the
container was said to run no Python of the project (its loopback dial went unreported).  A
project script of another name that dispatches on a word (``entry.sh worker``) still runs the
arm that word selects."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

LOOPBACK = 'import redis\nr = redis.Redis(host="localhost", port=6379)\n'

# a wait script written the way such wrappers are: an option loop over the arguments, the
# words after `--` kept in an array, run once the host answers
WAITER = """#!/usr/bin/env bash
TARGET_HOST=""
TARGET_PORT=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        *:* )
        TARGET_HOST="${1%%:*}"
        TARGET_PORT="${1##*:}"
        shift 1
        ;;
        -t)
        LIMIT="$2"
        shift 2
        ;;
        --)
        shift
        FOLLOW_UP=("$@")
        break
        ;;
        *)
        echo "unknown argument: $1" >&2
        exit 1
        ;;
    esac
done
until nc -z "$TARGET_HOST" "$TARGET_PORT"; do sleep 1; done
if [[ ${#FOLLOW_UP[@]} -gt 0 ]]; then
    exec "${FOLLOW_UP[@]}"
fi
"""

DOCKERFILE = ("FROM python:3.12-slim\nWORKDIR /srv/app\nCOPY . .\n"
              "COPY {script} /usr/local/bin/{script}\n"
              'CMD ["{script}", "store:5432", "--", "python", "serve.py"]\n')


def _flagged(tmp_path: Path, script: str, text: str, extra: dict[str, str] | None = None) -> list[tuple[str, str]]:
    files = {
        "compose.yaml": "services:\n  api:\n    build: .\n  store:\n    image: postgres:16\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": DOCKERFILE.format(script=script),
        script: text,
        "serve.py": "import backend\n",
        "backend.py": LOOPBACK,
        "unused.py": LOOPBACK,
    }
    make(tmp_path, {**files, **(extra or {})}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted({(f.span.path, f.code) for f in result.active})


def test_a_vendored_wait_for_it_runs_the_command_after_double_dash(tmp_path):
    # the module the command after `--` imports is judged, the one nothing imports is not
    assert _flagged(tmp_path, "wait-for-it.sh", WAITER) == [("backend.py", "DW101")]


def test_a_vendored_wait_for_runs_the_command_after_double_dash(tmp_path):
    assert _flagged(tmp_path, "wait-for", WAITER) == [("backend.py", "DW101")]


def test_a_project_script_that_dispatches_on_its_word_still_runs_the_arm(tmp_path):
    # `entry.sh store:5432 -- python serve.py` where the script's arm for that word starts
    # another program: the words are the arm's, the dial of serve.py's module does not run
    # (only the arm's own program, `python worker.py`, does)
    entry = ('#!/bin/sh\ncase "$1" in\n  store:5432) exec python worker.py ;;\n'
             '  *) exec "$@" ;;\nesac\n')
    assert _flagged(tmp_path, "entry.sh", entry, {"worker.py": "import unused\n"}) == [("unused.py", "DW101")]
