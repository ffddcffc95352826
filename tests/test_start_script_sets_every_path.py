"""A start script without ``exec`` that starts the program itself passes on what it exports
before that start, and a variable exported in every branch of a top-level if/else is set
after it (dockwise.layout.entryexports): a Python default for such a variable never applies.
Where one path starts the program without it, the default stays judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

MAIN = ('import os\nimport psycopg\n'
        'conn = psycopg.connect(os.environ.get("LEDGER_DSN", "postgresql://u@localhost:5432/books"))\n')


def flagged(tmp_path: Path, script: str, cmd: str = '["/launch.sh"]') -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n  store:\n    image: postgres:16\n",
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /opt/svc\nCOPY . /opt/svc\nCOPY launch.sh /launch.sh\n"
                       f"ENTRYPOINT {cmd}\n"),
        "launch.sh": script,
        "main.py": MAIN,
        "fetch_assets.py": "print('assets')\n",
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


SET = [
    # exported in both branches, then started in the background and waited for
    ('#!/bin/bash\npython /opt/svc/fetch_assets.py\nif [ -n "$REMOTE" ]; then\n'
     '  export LEDGER_DSN="postgresql://u@$REMOTE/books"\nelse\n  export LEDGER_DSN="postgresql://u@store/books"\nfi\n'
     'python /opt/svc/main.py &\nwait -n\nexit $?\n'),
    # exported in one branch, given as the start's own prefix in the other (inside a loop)
    ('#!/bin/bash\nif [ -z "$SHARDS" ]; then\n  export LEDGER_DSN="postgresql://u@store/books"\n'
     '  python /opt/svc/main.py &\nelse\n  for s in $SHARDS; do\n'
     '    LEDGER_DSN="postgresql://u@store-$s/books" python /opt/svc/main.py &\n  done\nfi\nwait\n'),
    # a top-level export, then the program as the script's last command
    '#!/bin/sh\nexport LEDGER_DSN="postgresql://u@store/books"\npython /opt/svc/main.py\n',
]


@pytest.mark.parametrize("script", SET)
def test_a_variable_set_before_every_start_of_the_program_overrides_the_default(tmp_path, script):
    assert flagged(tmp_path, script) == []


def test_an_if_else_that_exports_in_every_branch_before_exec_sets_the_variable(tmp_path):
    script = ('#!/bin/sh\nif [ -n "$REMOTE" ]; then\n  export LEDGER_DSN="postgresql://u@$REMOTE/books"\n'
              'elif [ -n "$LOCAL" ]; then\n  export LEDGER_DSN="postgresql://u@store/books"\nelse\n'
              '  export LEDGER_DSN="postgresql://u@store:5432/books"\nfi\nexec "$@"\n')
    assert flagged(tmp_path, script, '["/launch.sh", "python", "main.py"]') == []


UNSET = [
    # set in one branch only
    ('#!/bin/bash\nif [ -n "$REMOTE" ]; then\n  export LEDGER_DSN="postgresql://u@$REMOTE/books"\nfi\n'
     'python /opt/svc/main.py &\nwait\n'),
    # an if without else, the start's prefix in the branch: the other path starts it bare
    ('#!/bin/bash\nif [ -n "$REMOTE" ]; then\n  LEDGER_DSN="postgresql://u@$REMOTE/books" python /opt/svc/main.py &\n'
     'else\n  python /opt/svc/main.py &\nfi\nwait\n'),
    # exported only after the program starts
    '#!/bin/bash\npython /opt/svc/main.py &\nexport LEDGER_DSN="postgresql://u@store/books"\nwait\n',
    # exported inside a loop that may not run, started after it
    ('#!/bin/bash\nfor h in $HOSTS; do\n  export LEDGER_DSN="postgresql://u@$h/books"\ndone\n'
     'python /opt/svc/main.py\n'),
    # every branch exports it, but not when started in the other one
    ('#!/bin/bash\nif [ -n "$REMOTE" ]; then\n  python /opt/svc/main.py &\n'
     '  export LEDGER_DSN="postgresql://u@$REMOTE/books"\nelse\n  export LEDGER_DSN="postgresql://u@store/books"\n'
     'fi\nwait\n'),
]


@pytest.mark.parametrize("script", UNSET)
def test_a_path_that_starts_the_program_without_the_variable_leaves_the_default_judged(tmp_path, script):
    assert flagged(tmp_path, script) == [("main.py", 3, "DW101")]


def test_a_script_run_before_the_program_in_the_command_sets_nothing_for_it(tmp_path):
    script = '#!/bin/sh\nexport LEDGER_DSN="postgresql://u@store/books"\npython /opt/svc/fetch_assets.py\n'
    assert flagged(tmp_path, script, '["sh", "-c", "/launch.sh && python /opt/svc/main.py"]') == [
        ("main.py", 3, "DW101")]
