"""A start script's shell functions run only where something calls them: the body of a role's
function another service's branch calls is no command of this container
(``layout/shellfuncs.py``, after ``layout/envcase.py`` cut the branches)."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.shellfuncs import without_uncalled_functions
from tests.conftest import make

SCRIPT = ('#!/bin/bash\nset -e\n'
          'wait_for_cache() {\n  until nc -z cache 6379; do sleep 1; done\n}\n'
          'start_api() {\n  wait_for_cache\n  exec uvicorn app.api:app --host 0.0.0.0\n}\n'
          'start_worker() {\n  wait_for_cache\n  exec python -m app.worker\n}\n'
          '{dispatch}')
ROLE = 'case "$SERVICE_ROLE" in\n  api) start_api ;;\n  worker) start_worker ;;\nesac\n'
WORKER = 'import os\nimport redis\n\nr = redis.Redis.from_url(os.getenv("REDIS_URL", "redis://localhost:6379/0"))\n'


def findings(tmp_path, dispatch: str, worker_env: str = "      REDIS_URL: redis://cache:6379/0\n"
             ) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  api:\n    build: .\n    environment:\n      SERVICE_ROLE: api\n"
                         "  worker:\n    build: .\n    environment:\n      SERVICE_ROLE: worker\n" + worker_env +
                         "  cache:\n    image: redis:7\n"),
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["/srv/entrypoint.sh"]\n',
        "entrypoint.sh": SCRIPT.replace("{dispatch}", dispatch),
        "app/__init__.py": "",
        "app/api.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "app/worker.py": WORKER,
    }, git=True)
    return [(f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_api_runs_only_the_function_its_branch_calls(tmp_path):
    assert findings(tmp_path, ROLE) == []


def test_the_worker_runs_its_own_function_not_the_first_one_defined(tmp_path):
    # read flat, the API function's `exec uvicorn` came first and ended the worker's script
    # there: the worker's module was never judged in the worker (its default unset here)
    assert findings(tmp_path, ROLE, worker_env="") == [("app/worker.py", ("worker",))]


def test_only_uncalled_definitions_go():
    text = SCRIPT.replace("{dispatch}", "start_api\n")
    out = without_uncalled_functions(text)
    assert "exec uvicorn" in out and "wait_for_cache" in out and "app.worker" not in out
    assert out.count("\n") == text.count("\n")  # lines kept: positions of the rest unchanged
    computed = SCRIPT.replace("{dispatch}", '"$@"\n')
    assert without_uncalled_functions(computed) == computed
    assert "app.worker" in without_uncalled_functions(SCRIPT.replace("{dispatch}", 'exec "$@"\nstart_worker\n'))


def test_a_variable_in_a_message_or_an_argument_calls_nothing():
    # `($i/30)` inside an echo's quotes and `${EXTRA}` on a continuation line are arguments,
    # not a function called by a computed name: the uncalled definitions still go
    for extra in ('for i in 1 2; do\n  echo "waiting ($i/30)"\ndone\n',
                  'exec celery -A app worker \\\n  ${EXTRA} &\n'):
        out = without_uncalled_functions(SCRIPT.replace("{dispatch}", extra + "start_api\n"))
        assert "app.worker" not in out and "exec uvicorn" in out
    # a quoted word in command position may be any function (recall guard)
    quoted = SCRIPT.replace("{dispatch}", 'if true; then "$1"; fi\n')
    assert without_uncalled_functions(quoted) == quoted
