"""A start command's word that its entrypoint script dispatches on (`command: proxy` under
`case "$1" in proxy) exec nginx ...;; *) exec "$@";; esac`) names the script's arm, not a
program.  The runs stage read it as one (an entrypoint script's arguments may be a command), an
unknown program: the container fell back to running every file it holds and got a finding on
Python it never runs.  What the arms start is read from the script itself."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SCRIPT = ('#!/bin/sh\nset -e\n'
          'case "$1" in\n'
          '  proxy)\n    exec nginx -g "daemon off;"\n    ;;\n'
          '  *)\n    exec "$@"\n    ;;\n'
          'esac\n')
APP = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\n'


def findings(tmp_path, command: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  web:\n    build: .\n    command: {command}\n  cache:\n    image: redis:7\n",
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["/srv/entrypoint.sh"]\n',
        "entrypoint.sh": SCRIPT,
        "app.py": APP,
    }, git=True)
    return [(f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_word_an_arm_takes_runs_no_program_of_its_name(tmp_path):
    assert findings(tmp_path, "proxy") == []


def test_a_command_the_catch_all_arm_runs_is_still_read(tmp_path):
    # recall guard: `python app.py` matches no arm before `*)`, which runs it as given
    assert findings(tmp_path, "python app.py") == [("app.py", ("web",))]
