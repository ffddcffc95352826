"""Positional parameters read inside a shell function (``await_port() { host="$1"; ... }``)
are the function's own arguments, not the entrypoint script's.  A script whose own level never
reads its arguments starts what it names itself, however its functions read theirs: the
``CMD`` words handed to it run nothing, so no DW201 for a ``gunicorn`` that never starts.  A
script that hands its arguments to a function (``launch "$@"``) or runs them on its own level
(``exec "$@"``) keeps the words a command, and the finding."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.dispatch import ignores_arguments
from tests.conftest import make

AWAIT = ('await_port() {\n  host="$1"\n  port="$2"\n  shift 2\n'
         '  until nc -z "$host" "$port"; do sleep 1; done\n}\n')
OWN_START = "#!/bin/sh\nset -e\n" + AWAIT + "await_port ledger-db 5432\nexec python -m ledger.serve\n"
# the TRUE cases of the same shape: the script's own level hands its arguments on
RUNS_THEM = "#!/bin/sh\nset -e\n" + AWAIT + "await_port ledger-db 5432\nexec \"$@\"\n"
HANDS_THEM = ("#!/bin/sh\nset -e\n" + AWAIT + 'launch() {\n  exec "$@"\n}\n'
              "await_port ledger-db 5432\nlaunch \"$@\"\n")


def codes(tmp_path, script: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  ledger:\n    build: .\n    ports: [\"8000:8000\"]\n"
                        "  ledger-db:\n    image: postgres:16\n",
        "Dockerfile": 'FROM python:3.12\nCOPY . /opt/ledger\nENTRYPOINT ["/opt/ledger/ops/start.sh"]\n'
                      'CMD ["gunicorn", "ledger.wsgi:app"]\n',
        "ops/start.sh": script,
        "ledger/__init__.py": "", "ledger/wsgi.py": "app = None\n",
        "ledger/serve.py": "print('serving')\n",
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


def test_arguments_read_only_by_a_function_start_no_server(tmp_path):
    assert codes(tmp_path, OWN_START) == []


@pytest.mark.parametrize("script", [RUNS_THEM, HANDS_THEM])
def test_a_script_that_runs_or_hands_on_its_arguments_keeps_the_finding(tmp_path, script):
    assert codes(tmp_path, script) == ["DW201"]


def test_function_bodies_are_left_out_of_the_own_level():
    from dockwise.layout.shellfuncs import without_function_bodies

    assert ignores_arguments(OWN_START)
    assert not ignores_arguments(RUNS_THEM)
    assert not ignores_arguments(HANDS_THEM)
    # a body not read to its end keeps the whole text
    assert not ignores_arguments('#!/bin/sh\nbroken() {\n  echo "$1\n')
    assert without_function_bodies('f() {\n  echo "$1"\n}\nexec app\n') == "\n\n\nexec app\n"
    assert without_function_bodies("function g {\n  h() { shift; }\n}\nrun\n") == "\n\n\nrun\n"
