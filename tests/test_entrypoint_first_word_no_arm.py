"""An entrypoint script that picks what starts by its first argument (``if [ "$1" = web ]
... elif [ "$1" = worker ] ... fi`` then ``exec "$@"``), given a command none of its arms
names (``python tool.py``), runs no arm: only the words it hands on start.  Before, the
script was read whole there, and the tool's container was judged as running the worker's
and the web server's modules."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.dispatch import select_first_arg_cases
from tests.conftest import make

IF_CHAIN = ('#!/bin/sh\nset -e\nif [ "$1" = "web" ]; then\n    exec gunicorn web:app --bind 0.0.0.0:8000\n'
            'elif [ "$1" = "worker" ]; then\n    exec celery -A tasks worker\nfi\nexec "$@"\n')
CASE = ('#!/bin/sh\ncase "$1" in\n  web) exec gunicorn web:app --bind 0.0.0.0:8000 ;;\n'
        '  worker) exec celery -A tasks worker ;;\nesac\nexec "$@"\n')
LOOPBACK_WORKER = 'from celery import Celery\ncelery = Celery("t", broker="redis://localhost:6379/0")\n'


def _services(tmp_path: Path, script: str) -> dict[str, list[str]]:
    make(tmp_path, {
        "compose.yaml": 'services:\n  web:\n    build: .\n    command: web\n'
                        '  worker:\n    build: .\n    command: worker\n'
                        '  tool:\n    build: .\n    command: ["python", "tool.py"]\n'
                        '  redis:\n    image: redis\n',
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["./entry.sh"]\n',
        "entry.sh": script,
        "web.py": "from flask import Flask\napp = Flask(__name__)\n",
        "tasks.py": LOOPBACK_WORKER,
        "tool.py": "print('report')\n",
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    out: dict[str, list[str]] = {}
    for f in result.active:
        out.setdefault(f.span.path, []).extend(sorted(f.services))
    return out


def test_a_command_no_arm_names_runs_no_arm(tmp_path):
    assert _services(tmp_path, IF_CHAIN) == {"tasks.py": ["worker"]}


def test_the_same_for_a_case_block(tmp_path):
    assert _services(tmp_path, CASE) == {"tasks.py": ["worker"]}


def test_no_arm_is_selected_for_another_word():
    assert "celery" not in select_first_arg_cases(IF_CHAIN, "python")
    assert "gunicorn" not in select_first_arg_cases(CASE, "python")


def test_a_script_that_resets_its_arguments_is_read_whole(tmp_path):
    # `set -- web "$@"` before the block: `$1` is `web` by then, not the command's first word
    reset = IF_CHAIN.replace("set -e\n", 'set -e\nset -- web "$@"\n')
    assert _services(tmp_path, reset) == {"tasks.py": ["tool", "worker"]}
