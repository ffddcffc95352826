"""An entrypoint script of the tree named by its path, whatever its name (``/srv/boot``), is
run by its ``#!`` line; where it ends by running its arguments (``exec "$@"``, the Docker
convention) the image's CMD is the command that runs next, and the Python it starts is
followed.  A script that ignores its arguments runs only what it names itself."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

APP = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\ncache.ping()\n'
IDLE = "import time\n\ntime.sleep(3600)\n"


def findings(tmp_path: Path, boot: str, cmd: str = '["python", "app.py"]') -> list[tuple[str, str]]:
    dockerfile = f'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["/srv/boot"]\nCMD {cmd}\n'
    files = {"compose.yaml": "services:\n  app:\n    build: .\n", "Dockerfile": dockerfile,
             "boot": boot, "app.py": APP, "idle.py": IDLE}
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


def test_a_script_that_runs_its_arguments_runs_the_cmd(tmp_path):
    boot = '#!/bin/sh\nset -e\necho "starting"\nexec "$@"\n'
    assert findings(tmp_path, boot) == [("app.py", "DW101")]


def test_a_script_that_ignores_its_arguments_runs_what_it_names(tmp_path):
    boot = "#!/bin/sh\nset -e\nexec python /srv/idle.py\n"
    assert findings(tmp_path, boot) == []


def test_options_given_to_the_script_are_no_command(tmp_path):
    boot = '#!/bin/sh\nset -e\nexec python /srv/idle.py "$@"\n'
    assert findings(tmp_path, boot, '["--verbose"]') == []
