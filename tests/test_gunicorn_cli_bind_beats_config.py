"""A bind option on gunicorn's command line (or in GUNICORN_CMD_ARGS) outranks the ``bind`` of
its configuration file: the file's loopback bind never takes effect, so it is no DW201 there.
Without such an option the file's bind is the one gunicorn uses and stays reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

IMAGE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
LOOPBACK_CONF = 'bind = "127.0.0.1:7000"\nworkers = 3\n'


def findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config())
    assert result.errors == (), result.errors
    return [(f.span.path, f.span.line, f.code) for f in result.active]


@pytest.mark.parametrize("cmd", [
    'CMD ["gunicorn", "-b", "0.0.0.0:7000", "site:app"]\n',
    'CMD ["gunicorn", "--bind=0.0.0.0:7000", "-c", "gunicorn.conf.py", "site:app"]\n',
    'CMD ["sh", "-c", "uv run gunicorn -b 0.0.0.0:7000 --env MODE=${MODE}"]\n',
    'ENV GUNICORN_CMD_ARGS="--bind 0.0.0.0:7000"\nCMD ["gunicorn", "site:app"]\n',
])
def test_command_line_bind_replaces_the_config_files_bind(tmp_path, cmd):
    files = {"compose.yaml": "services:\n  web:\n    build: .\n    ports: ['7000:7000']\n",
             "Dockerfile": IMAGE + cmd, "site.py": "app = None\n", "gunicorn.conf.py": LOOPBACK_CONF}
    assert findings(tmp_path, files) == []


@pytest.mark.parametrize("cmd", [
    'CMD ["gunicorn", "site:app"]\n',  # ./gunicorn.conf.py read by default
    'CMD ["gunicorn", "-c", "gunicorn.conf.py", "-w", "4", "site:app"]\n',  # options, but no bind
])
def test_config_files_bind_without_a_bind_option_is_still_reported(tmp_path, cmd):
    files = {"compose.yaml": "services:\n  web:\n    build: .\n    ports: ['7000:7000']\n",
             "Dockerfile": IMAGE + cmd, "site.py": "app = None\n", "gunicorn.conf.py": LOOPBACK_CONF}
    assert findings(tmp_path, files) == [("gunicorn.conf.py", 1, "DW201")]


def test_one_service_overrides_another_does_not(tmp_path):
    # the same file read by two services: only the one without a bind option binds loopback
    compose = ("services:\n  web:\n    build: .\n    ports: ['7000:7000']\n"
               "    command: gunicorn -b 0.0.0.0:7000 site:app\n"
               "  admin:\n    build: .\n    ports: ['7001:7000']\n    command: gunicorn site:app\n")
    files = {"compose.yaml": compose, "Dockerfile": IMAGE, "site.py": "app = None\n", "gunicorn.conf.py": LOOPBACK_CONF}
    assert findings(tmp_path, files) == [("gunicorn.conf.py", 1, "DW201")]
