"""Entrypoint scripts that drop privileges or pick an interpreter before they start the app:
the command after the prefix is what runs.

- an optional prefix held in a variable (`exec $SU_EXEC gunicorn ...`, SU_EXEC="su-exec
  $PUID" or empty) runs the command after it when that names a program dockwise knows;
- an interpreter running a server's console script (`python /venv/bin/gunicorn ...`) runs
  that server;
- `sudo` is a wrapper, `getent` runs no Python, and `postfix` is a mail server started
  beside the app (``rules/commands.yaml``, ``rules/frameworks.yaml``).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = ('FROM python:3.12-slim\nWORKDIR /srv\nCOPY web /srv\nCOPY entrypoint.sh /entrypoint.sh\n'
              'ENTRYPOINT ["/entrypoint.sh"]\n')
WSGI = "from flask import Flask\n\napp = Flask(__name__)\n"
DEVSERVER = 'from wsgi import app\n\napp.run(host="127.0.0.1", port=5000)\n'
PREFIX = 'if [ -n "$PUID" ]; then\n    SU_EXEC="su-exec $PUID"\nelse\n    SU_EXEC=""\nfi\n'


def check(tmp_path: Path, script: str):
    make(tmp_path, {"Dockerfile": DOCKERFILE, "entrypoint.sh": "#!/bin/sh\nset -e\n" + script,
                    "web/wsgi.py": WSGI, "web/devserver.py": DEVSERVER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    (runs,) = result.runs.services
    return runs, sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("script", [
    PREFIX + "exec $SU_EXEC gunicorn wsgi:app\n",
    PREFIX + 'PYTHON_BIN=/venv/bin/python3\nexec $SU_EXEC "${PYTHON_BIN}" /venv/bin/gunicorn wsgi:app\n',
    'PYTHON_BIN=/venv/bin/python3\nexec "$PYTHON_BIN" /venv/bin/gunicorn --bind 0.0.0.0:8000 wsgi:app\n',
    "getent passwd app > /dev/null || adduser app\nsudo /usr/sbin/postfix start\n"
    "exec sudo -E -u app gunicorn wsgi:app\n",
])
def test_the_command_after_the_prefix_is_followed(tmp_path, script):
    runs, findings = check(tmp_path, script)
    assert runs.mode == "closure", runs.reason
    assert "web/wsgi.py" in runs.closure.reached
    assert findings == []  # the development server beside the app is not run


def test_a_variable_that_is_the_whole_command_is_no_prefix(tmp_path):
    # `wsgi:app` names no program: the words after the variable are its arguments, and the
    # unquoted variable is split into the command it holds (layout/startcmd_walk.py)
    runs, _ = check(tmp_path, 'SERVER="gunicorn -w 2"\nexec $SERVER wsgi:app\n')
    assert runs.mode == "closure", runs.reason
    assert list(runs.closure.reached) == ["web/wsgi.py"]
