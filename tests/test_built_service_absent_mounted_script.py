"""A service built from a Dockerfile whose start command is a shell script inside a Compose
bind mount of a directory of the tree that holds no such file (``./web/scripts:/srv/web/scripts``
with ``command: ./scripts/run.sh`` in ``/srv/web``): the mount hides whatever the build put
there, so the shell cannot run the script and the container runs none of the project's code.
Before, only a stock image's service was so read; a built one fell back to every file it holds
(a helper module's ``localhost`` client was DW101 there). An entrypoint before the command may
write the file, and a script the mount's directory holds is followed: both stay as they were."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  ui:
    build: .
    working_dir: /srv/web
    command: ./scripts/run.sh
    volumes:
      - ./web/scripts:/srv/web/scripts
{extra}"""

FILES = {
    "Dockerfile": "FROM python:3.12-slim\nRUN pip install redis\nCOPY . /srv\nWORKDIR /srv\n",
    "web/scripts/lint.sh": "#!/bin/sh\nexec eslint .\n",
    "boot.sh": "#!/bin/sh\nexec \"$@\"\n",
    "app/cache.py": "import redis\n\nclient = redis.Redis(host='localhost', port=6379)\nclient.ping()\n",
}


def _findings(tmp_path: Path, extra: str = "", files: dict[str, str] | None = None) -> list[tuple[str, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(extra=extra), **FILES, **(files or {})}, git=True)
    return sorted((f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_script_the_bind_mounted_directory_lacks_runs_nothing(tmp_path):
    assert _findings(tmp_path) == []


def test_an_entrypoint_before_it_may_write_the_script(tmp_path):
    assert _findings(tmp_path, "    entrypoint: [\"/srv/boot.sh\"]\n") == [("DW101", "app/cache.py")]


def test_a_script_the_directory_holds_is_followed(tmp_path):
    run = {"web/scripts/run.sh": "#!/bin/sh\nexec python /srv/app/cache.py\n"}
    assert _findings(tmp_path, files=run) == [("DW101", "app/cache.py")]
