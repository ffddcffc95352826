"""An entrypoint script the build copies onto PATH and the image names by its bare word
(``COPY entry.sh /usr/local/bin/`` then ``ENTRYPOINT ["entry.sh"]``, each service giving a
word: ``command: web``) dispatches on that word like one named by its path: exec form runs a
bare word through PATH, not from the working directory.  Before, the dispatch search looked
for the script in the working directory only, found none, and read the whole script in every
service: the web container was judged as running the worker's modules."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SCRIPT = ('#!/bin/bash\nset -e\nif [ "$1" = "web" ]; then\n    exec gunicorn web:app --bind 0.0.0.0:8000\n'
          'elif [ "$1" = "worker" ]; then\n    exec celery -A tasks worker\nfi\nexec "$@"\n')
LOOPBACK_WORKER = 'from celery import Celery\ncelery = Celery("t", broker="redis://localhost:6379/0")\n'


def _services(tmp_path: Path, copy_to: str, entrypoint: str) -> dict[str, list[str]]:
    make(tmp_path, {
        "compose.yaml": 'services:\n  web:\n    build: .\n    command: web\n'
                        '  worker:\n    build: .\n    command: worker\n'
                        '  redis:\n    image: redis\n',
        "Dockerfile": f"FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCOPY docker/entry.sh {copy_to}\n"
                      f'ENTRYPOINT ["{entrypoint}"]\n',
        "docker/entry.sh": SCRIPT,
        "web.py": "from flask import Flask\napp = Flask(__name__)\n",
        "tasks.py": LOOPBACK_WORKER,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    out: dict[str, list[str]] = {}
    for f in result.active:
        out.setdefault(f.span.path, []).extend(sorted(f.services))
    return out


def test_a_script_run_from_path_dispatches_on_its_word(tmp_path):
    # the true finding stays, for the worker only
    assert _services(tmp_path, "/usr/local/bin/", "entry.sh") == {"tasks.py": ["worker"]}


def test_a_script_named_by_its_path_still_dispatches(tmp_path):
    assert _services(tmp_path, "/usr/local/bin/", "/usr/local/bin/entry.sh") == {"tasks.py": ["worker"]}
