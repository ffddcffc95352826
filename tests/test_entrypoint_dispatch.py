"""A start command's word that the entrypoint script dispatches on (``case "$1" in
gunicorn) ... ;;``) names a subcommand, not a program: no DW201 for "gunicorn binds
127.0.0.1 by default" when the script's arm starts the server its own way. A script that
runs the arguments as given (``exec "$@"``, in the arm or after a setup block) keeps them
a command, and the finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.dispatch import dispatches_on
from tests.conftest import make

DISPATCH = """#!/bin/bash
serve() { exec gunicorn -b 0.0.0.0:8000 "$@" app:app; }
case "$1" in
  gunicorn)
    serve "${@:2}"
    ;;
  worker) exec celery -A app worker ;;
  *)
    exec "$@"
    ;;
esac
"""
SETUP_THEN_EXEC = '#!/bin/sh\ncase "$1" in\n  gunicorn) echo setup ;;\nesac\nexec "$@"\n'
SAME_PROGRAM = '#!/bin/sh\ncase "$1" in\n  gunicorn) exec gunicorn "${@:2}" ;;\nesac\n'


def _codes(tmp_path: Path, script: str, cmd: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    ports: [\"8000:8000\"]\n",
        "Dockerfile": f'FROM python:3.12\nCOPY . /app\nENTRYPOINT ["/usr/bin/tini", "--", "/bin/bash", '
                      f'"/app/entrypoint.sh"]\nCMD {cmd}\n',
        "entrypoint.sh": script,
        "app.py": "app = None\n",
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_dispatched_word_starts_no_server(tmp_path):
    assert _codes(tmp_path, DISPATCH, '["gunicorn"]') == []


@pytest.mark.parametrize("script", [SETUP_THEN_EXEC, SAME_PROGRAM])
def test_arguments_run_as_given_stay_a_command(tmp_path, script):
    assert _codes(tmp_path, script, '["gunicorn", "app:app"]') == ["DW201"]


def test_the_catch_all_arm_is_no_dispatch():
    assert dispatches_on(DISPATCH, "worker")
    assert not dispatches_on(DISPATCH, "uvicorn")


# the same dispatch written as an if/elif chain on "$1"
IF_CHAIN = """#!/bin/sh
set -e
if [ "$1" = "gunicorn" ]; then
  python -m app.migrate
  exec gunicorn -b 0.0.0.0:8000 app:app
elif [ "$1" == 'worker' ] || [ "$1" = beat ]; then
  if [ -n "$DEBUG" ]; then echo debug; fi
  exec celery -A app worker
else
  exec "$@"
fi
"""
IF_SETUP_THEN_EXEC = '#!/bin/sh\nif [ "$1" = "gunicorn" ]; then\n  echo setup\nfi\nexec "$@"\n'
IF_NOT_EQUAL = '#!/bin/sh\nif [ "$1" != "gunicorn" ]; then\n  exec "$@"\nfi\nexec gunicorn app:app\n'


def test_an_if_chain_on_the_first_argument_dispatches(tmp_path):
    assert _codes(tmp_path, IF_CHAIN, '["gunicorn"]') == []


def test_an_if_block_that_only_prepares_keeps_the_command(tmp_path):
    assert _codes(tmp_path, IF_SETUP_THEN_EXEC, '["gunicorn", "app:app"]') == ["DW201"]


def test_if_branches_match_their_own_words_only():
    assert dispatches_on(IF_CHAIN, "worker") and dispatches_on(IF_CHAIN, "beat")
    assert not dispatches_on(IF_CHAIN, "uvicorn")  # the else branch runs the arguments
    assert not dispatches_on(IF_NOT_EQUAL, "gunicorn")  # an inequality names no branch of its own


# every arm execs its own program: the `exec "$@"` after the chain runs only for other words
IF_ARMS_EXEC_THEN_EXEC = """#!/bin/bash
set -e
if [ "$1" = 'web' ]; then
  exec uvicorn --host 0.0.0.0 --port 8000 \\
    app:app
elif [ "$1" = 'socket' ]; then
  exec daphne -b 0.0.0.0 -p 8000 app:app
fi
exec "$@"
"""
CASE_ARM_EXITS_THEN_EXEC = '#!/bin/sh\ncase "$1" in\n  daphne) echo unsupported; exit 1 ;;\nesac\nexec "$@"\n'
# `exec >log` only redirects the script's output: the script goes on to `exec "$@"`
IF_ARM_REDIRECTS_THEN_EXEC = '#!/bin/sh\nif [ "$1" = "daphne" ]; then\n  exec >/tmp/log 2>&1\nfi\nexec "$@"\n'


@pytest.mark.parametrize("script", [IF_ARMS_EXEC_THEN_EXEC, CASE_ARM_EXITS_THEN_EXEC])
def test_an_arm_that_execs_never_reaches_the_exec_after_the_block(tmp_path, script):
    word = "socket" if "socket" in script else "daphne"
    assert dispatches_on(script, word)
    assert _codes(tmp_path, script, f'["{word}"]') == []


def test_an_arm_that_only_redirects_still_runs_the_arguments(tmp_path):
    assert not dispatches_on(IF_ARM_REDIRECTS_THEN_EXEC, "daphne")
    assert _codes(tmp_path, IF_ARM_REDIRECTS_THEN_EXEC, '["daphne", "app:app"]') == ["DW201"]
