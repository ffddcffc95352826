"""An entrypoint script that keeps a program's arguments in a variable and expands it
unquoted (``celery $ARGUMENTS``) hands the program those words: the shell splits the value.
The walk of the start command reads them, so the container runs the Celery app they name,
not nothing (``layout/startcmd_walk.py`` ``_split_lists``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
COMPOSE = 'services:\n  beat:\n    build: .\n    entrypoint: ["./docker/beat.sh"]\nSETTINGS'
CELERY = 'from celery import Celery\n\napp = Celery("shop", broker="redis://localhost:6379/0")\n'
OTHER = 'import redis\n\nredis.Redis(host="localhost", port=6380).ping()\n'


def findings(tmp_path: Path, script: str, settings: str = "") -> list[tuple[str, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE.replace("SETTINGS", settings), "Dockerfile": DOCKERFILE,
                    "docker/beat.sh": script, "shop/__init__.py": "", "shop/celery.py": CELERY,
                    "tools/other.py": OTHER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


def test_an_argument_list_in_a_script_variable_is_split_into_the_programs_words(tmp_path):
    script = ('#!/bin/sh\nARGUMENTS="-A shop.celery beat --loglevel info --pidfile="\n'
              '# shellcheck disable=SC2086\nexec celery $ARGUMENTS\n')
    # the app the words name runs, and it alone: the unrelated tool module is not judged
    assert findings(tmp_path, script) == [("shop/celery.py", "DW101")]


def test_the_list_may_come_from_the_services_environment(tmp_path):
    script = '#!/bin/sh\nexec celery ${CELERY_ARGS}\n'
    settings = "    environment:\n      CELERY_ARGS: -A shop.celery worker -l info\n"
    assert findings(tmp_path, script, settings) == [("shop/celery.py", "DW101")]


def test_a_list_set_only_at_run_time_names_no_app(tmp_path):
    # nothing says which app runs: no file has evidence of running there, so no finding
    script = '#!/bin/sh\nexec celery $CELERY_ARGS\n'
    assert findings(tmp_path, script) == []
