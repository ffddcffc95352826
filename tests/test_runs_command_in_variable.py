"""Entrypoint scripts that build their start command in a shell variable and then run it:
``eval "$cmd"``, ``$cmd`` or ``exec $cmd``, often after wrapping it again for another user
(``cmd="su - app -c '$cmd'"``).  The command the variable holds is what runs, so the
modules it starts are container code (layout/startcmd_walk.py; ``eval`` is a wrapper of
``rules/commands.yaml`` that joins its arguments and reads them again as a command).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = ('FROM python:3.12-slim\nWORKDIR /srv\nCOPY web /srv\nCOPY entrypoint.sh /entrypoint.sh\n'
              'ENV PORT=8000\nENTRYPOINT ["/entrypoint.sh"]\n')
COMPOSE = "services:\n  web:\n    build: .\n  cache:\n    image: redis:7\n"
WSGI = ('import redis\nfrom flask import Flask\n\napp = Flask(__name__)\n'
        'store = redis.Redis(host="localhost", port=6379)\n\n\n'
        '@app.get("/")\ndef index():\n    return str(store.incr("hits"))\n')
# a script kept beside the app that no start command runs: its loopback target stays silent
DEVSERVER = 'import redis\n\nredis.Redis(host="localhost", port=6379).ping()\n'
START = 'cmd="exec gunicorn wsgi:app \\\n     -b 0.0.0.0:$PORT \\\n     $@"\n'


def check(tmp_path: Path, script: str):
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": COMPOSE,
                    "entrypoint.sh": "#!/bin/sh\nset -e\n" + script,
                    "web/wsgi.py": WSGI, "web/devserver.py": DEVSERVER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    runs = {r.service.name: r for r in result.runs.services}["web"]
    return runs, sorted((f.span.path, f.span.line, f.code) for f in result.active)


@pytest.mark.parametrize("script", [
    START + 'eval "$cmd"\n',
    START + "eval $cmd\n",
    START + "$cmd\n",
    'cmd="gunicorn wsgi:app"\nexec $cmd\n',
    # wrapped again for another user: the reference to itself is its value so far
    START + 'if [ "$PUID" -ne 0 ]; then\n    cmd="su - app -c \'$cmd\'"\nfi\neval "$cmd"\n',
    'ARGS="wsgi:app"\nARGS="$ARGS --workers 2"\nexec gunicorn $ARGS\n',
    "eval exec gunicorn wsgi:app\n",
])
def test_the_command_a_variable_holds_runs(tmp_path, script):
    runs, findings = check(tmp_path, script)
    assert runs.mode == "closure", runs.reason
    assert list(runs.closure.reached) == ["web/wsgi.py"]
    # the app's loopback redis is reported; the script beside it, which nothing runs, is not
    assert findings == [("web/wsgi.py", 5, "DW101")]


def test_a_variable_not_known_runs_nothing_known(tmp_path):
    # the command comes from the service's environment, which sets none: nothing is read
    # from it, and no module of the project is taken to run
    runs, findings = check(tmp_path, 'eval "$START_COMMAND"\n')
    assert "web/wsgi.py" not in (runs.closure.reached if runs.closure else ())
    assert findings == []
