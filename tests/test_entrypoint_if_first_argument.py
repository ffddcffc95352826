"""An entry script that tests its first argument with ``if``/``elif`` (``if [ "$1" = worker ];
then exec celery ...; else exec gunicorn ...; fi``, or the same test of a variable bound once
from it, ``target=${1:-web}``) runs, in each service, only the branch the service's word takes:
the one testing for it, else the ``else``.  Before, the whole script was read in every service,
and the web container was judged as running the worker's modules (a finding named it)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.dispatch import select_first_arg_cases
from tests.conftest import make

DIRECT = ('#!/bin/bash\nif [ "$1" = "worker" ]; then\n    exec celery -A tasks worker\n'
          'else\n    exec gunicorn web:app --bind 0.0.0.0:8000\nfi\n')
ALIAS = ('#!/bin/bash\ntarget=${1:-web}\nprintf "Running ${target} ...\\n"\n'
         'if [[ "${target}" == worker ]] ; then\n    celery -A tasks worker &\n'
         'else\n    gunicorn web:app --bind 0.0.0.0:8000 &\nfi\nwhile true; do sleep 2; done\n')
LOOPBACK_WORKER = 'from celery import Celery\ncelery = Celery("t", broker="redis://localhost:6379/0")\n'


def _services(tmp_path: Path, script: str, web_py: str = "from flask import Flask\napp = Flask(__name__)\n"
              ) -> dict[str, list[str]]:
    make(tmp_path, {
        "compose.yaml": 'services:\n  web:\n    build: .\n    command: ["./entry.sh", "web"]\n'
                        '  worker:\n    build: .\n    command: ["./entry.sh", "worker"]\n'
                        '  redis:\n    image: redis\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "entry.sh": script, "web.py": web_py, "tasks.py": LOOPBACK_WORKER,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    out: dict[str, list[str]] = {}
    for f in result.active:
        out.setdefault(f.span.path, []).extend(sorted(f.services))
    return out


def test_the_worker_module_is_judged_in_the_worker_only(tmp_path):
    # the true finding stays, for the container that runs the module
    assert _services(tmp_path, DIRECT) == {"tasks.py": ["worker"]}


def test_a_variable_bound_from_the_first_argument_selects_too(tmp_path):
    assert _services(tmp_path, ALIAS) == {"tasks.py": ["worker"]}


def test_the_else_branch_runs_for_the_other_words(tmp_path):
    web = 'import redis\nfrom flask import Flask\napp = Flask(__name__)\nr = redis.Redis(host="localhost")\n'
    assert _services(tmp_path, DIRECT, web) == {"tasks.py": ["worker"], "web.py": ["web"]}


def test_selected_branches():
    assert "celery" in select_first_arg_cases(DIRECT, "worker")
    assert "gunicorn" not in select_first_arg_cases(DIRECT, "worker")
    assert "gunicorn" in select_first_arg_cases(DIRECT, "web")
    assert "celery" not in select_first_arg_cases(DIRECT, "web")
    # another condition beside the test: which branch runs is not known here, the chain stays
    mixed = '#!/bin/sh\nif [ "$1" = worker ] && [ -n "$Q" ]; then\n  exec celery -A tasks worker\nelse\n  exec gunicorn web:app\nfi\n'
    assert "celery" in select_first_arg_cases(mixed, "web") and "gunicorn" in select_first_arg_cases(mixed, "web")
    # a variable set twice is no alias of the argument
    twice = '#!/bin/sh\nrole=$1\nrole=web\nif [ "$role" = worker ]; then\n  exec celery -A tasks worker\nfi\nexec gunicorn web:app\n'
    assert "celery" in select_first_arg_cases(twice, "web")
    # after a shift, `$1` is another word
    shifted = '#!/bin/sh\nshift\nif [ "$1" = worker ]; then\n  exec celery -A tasks worker\nfi\n'
    assert "celery" in select_first_arg_cases(shifted, "web")
    # inside a function, `$1` is the function's argument
    in_function = 'run() {\nif [ "$1" = worker ]; then\n  exec celery -A tasks worker\nfi\n}\nrun worker\n'
    assert "celery" in select_first_arg_cases(in_function, "web")
