"""A start script that picks what to run from a variable each service sets (``case
"$SERVICE_ROLE" in api) ... ;; worker) ... ;; esac``) runs, in each service, the arm that
service's environment selects: the API container does not run the worker's modules
(``layout/envcase.py``).  Undecided variables keep the whole block."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.envcase import select_env_cases
from dockwise.model import Text
from tests.conftest import make

SCRIPT = ('#!/bin/sh\nset -e\n{before}case "{word}" in\n'
          '  api)\n    exec uvicorn app.api:app --host 0.0.0.0\n    ;;\n'
          '  worker|beat)\n    exec python -m app.worker\n    ;;\n'
          '  *)\n    echo "unknown role"; exit 1\n    ;;\nesac\n')
WORKER = 'import os\nimport redis\n\nr = redis.Redis.from_url(os.getenv("REDIS_URL", "redis://localhost:6379/0"))\n'


def services(tmp_path, api_env: str = "      SERVICE_ROLE: api\n", before: str = "",
             word: str = "$SERVICE_ROLE") -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n"
                         "  api:\n    build: .\n    environment:\n" + api_env +
                         "  worker:\n    build: .\n    environment:\n      SERVICE_ROLE: worker\n"
                         "      REDIS_URL: redis://cache:6379/0\n"
                         "  cache:\n    image: redis:7\n"),
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["/srv/entrypoint.sh"]\n',
        "entrypoint.sh": SCRIPT.format(before=before, word=word),
        "app/__init__.py": "",
        "app/api.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "app/worker.py": WORKER,
    }, git=True)
    return [(f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_each_service_runs_the_arm_its_variable_selects(tmp_path):
    # the worker sets REDIS_URL; the API would have dialled the default, had it run the worker
    assert services(tmp_path) == []


def test_an_undecided_variable_keeps_every_arm(tmp_path):
    # recall guards: the API's role set from the shell, or assigned by the script itself
    assert services(tmp_path, api_env="      SERVICE_ROLE:\n") == [("app/worker.py", ("api",))]
    assert services(tmp_path, before='SERVICE_ROLE="${1:-worker}"\n') == [("app/worker.py", ("api",))]


def test_an_unset_variable_takes_its_default_or_the_catch_all(tmp_path):
    assert services(tmp_path, api_env="      OTHER: x\n") == []  # `*)`: nothing starts
    assert services(tmp_path, api_env="      OTHER: x\n", word="${SERVICE_ROLE:-beat}") == [
        ("app/worker.py", ("api",))]  # the default picks the worker's arm


def test_the_block_is_cut_to_the_arm_taken():
    env = {"ROLE": Text("worker")}
    out = select_env_cases(SCRIPT.format(before="", word="$ROLE"), env, False)
    assert "python -m app.worker" in out and "uvicorn" not in out and "esac" not in out
    assert select_env_cases(SCRIPT.format(before="", word="$ROLE"), {}, True).count("esac") == 1  # unknown env
    fall = SCRIPT.format(before="", word="$ROLE").replace("    ;;\n  worker", "    ;&\n  worker")
    assert select_env_cases(fall, env, False) == fall  # a fall-through: kept whole
    assert select_env_cases('case "$1" in\n  a) x ;;\nesac\n', env, False).count("esac") == 1  # the arguments'


IF_SCRIPT = ('#!/bin/sh\n# if ROLE says so, start the worker\n'
             'if [ "$SERVICE_ROLE" = "worker" ]; then\n  exec python -m app.worker\n'
             'elif [[ $SERVICE_ROLE == beat ]]; then\n  exec python -m app.worker --beat\n'
             'else\n  exec uvicorn app.api:app --host 0.0.0.0\nfi\n')


def test_an_if_chain_on_the_variable_is_cut_the_same_way():
    out = select_env_cases(IF_SCRIPT, {"SERVICE_ROLE": Text("api")}, False)
    assert "uvicorn" in out and "app.worker" not in out
    out = select_env_cases(IF_SCRIPT, {"SERVICE_ROLE": Text("beat")}, False)
    assert "--beat" in out and "uvicorn" not in out
    assert select_env_cases(IF_SCRIPT, {"SERVICE_ROLE": None}, False) == IF_SCRIPT  # from the shell
    mixed = IF_SCRIPT.replace('elif [[ $SERVICE_ROLE == beat ]]', 'elif [ -f /etc/beat ]')
    assert select_env_cases(mixed, {"SERVICE_ROLE": Text("api")}, False) == mixed  # another test: kept


def test_the_api_service_of_an_if_chain_script_runs_no_worker(tmp_path):
    make(tmp_path, {
        "compose.yaml": ("services:\n  api:\n    build: .\n    environment:\n      SERVICE_ROLE: api\n"
                         "  worker:\n    build: .\n    environment:\n      SERVICE_ROLE: worker\n"
                         "      REDIS_URL: redis://cache:6379/0\n  cache:\n    image: redis:7\n"),
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["/srv/entrypoint.sh"]\n',
        "entrypoint.sh": IF_SCRIPT,
        "app/__init__.py": "",
        "app/api.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "app/worker.py": WORKER,
    }, git=True)
    assert list(run_check([tmp_path], Config(cache=False)).active) == []


def test_a_self_default_assignment_keeps_the_services_value(tmp_path):
    # `ROLE="${ROLE:-all}"` only defaults an unset variable: each service's own value decides
    assert services(tmp_path, before='SERVICE_ROLE="${SERVICE_ROLE:-worker}"\n') == []
    assert services(tmp_path, before='export SERVICE_ROLE=${SERVICE_ROLE:-worker}\n') == []
    assert services(tmp_path, before=': "${SERVICE_ROLE:=worker}"\n') == []
    assert services(tmp_path, api_env="      OTHER: x\n", before=': "${SERVICE_ROLE:=worker}"\n') == [
        ("app/worker.py", ("api",))]
    # unset in the API service: the script's default picks the worker's arm (recall guard)
    assert services(tmp_path, api_env="      OTHER: x\n", before='SERVICE_ROLE="${SERVICE_ROLE:-worker}"\n') == [
        ("app/worker.py", ("api",))]


def test_a_variable_named_inside_a_message_is_not_assigned(tmp_path):
    before = 'echo "starting with SERVICE_ROLE=${SERVICE_ROLE}"\n'
    assert services(tmp_path, before=before) == []
    # an assignment after a separator is one (recall guard)
    assert services(tmp_path, before='true; SERVICE_ROLE=worker\n') == [("app/worker.py", ("api",))]


NOT_EQUAL = ('#!/bin/sh\n'
             'if [ "${SERVICE_ROLE}" != "migrate" ]; then\n  python -m app.sidecar &\nfi\n'
             'case "$SERVICE_ROLE" in\n  migrate)\n    exec python -m app.migrate\n    ;;\n'
             '  *)\n    exec python -m app.api\n    ;;\nesac\n')
SIDECAR = 'import os\nimport redis\n\nredis.Redis.from_url(os.getenv("REDIS_URL", "redis://localhost:6379/0")).ping()\n'


def test_an_inequality_test_runs_its_branch_in_every_role_but_the_one_it_names():
    assert "sidecar" not in select_env_cases(NOT_EQUAL, {"SERVICE_ROLE": Text("migrate")}, False)
    assert "sidecar" in select_env_cases(NOT_EQUAL, {"SERVICE_ROLE": Text("api")}, False)
    assert "sidecar" in select_env_cases(NOT_EQUAL, {"SERVICE_ROLE": None}, False)  # from the shell: kept


def test_the_migration_role_does_not_start_what_every_other_role_starts(tmp_path):
    """``if [ "$SERVICE_ROLE" != "migrate" ]; then python -m app.sidecar & fi``: the one-shot
    migration container never starts the sidecar, whose loopback default it was judged as
    dialling; an API container that leaves the variable unset starts it and keeps the finding."""
    make(tmp_path, {
        "compose.yaml": ("services:\n"
                         "  migrate:\n    build: .\n    environment:\n      SERVICE_ROLE: migrate\n"
                         "  api:\n    build: .\n    environment:\n      SERVICE_ROLE: api\n"
                         "  cache:\n    image: redis:7\n"),
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["/srv/entrypoint.sh"]\n',
        "entrypoint.sh": NOT_EQUAL,
        "app/__init__.py": "",
        "app/migrate.py": "print('migrating')\n",
        "app/api.py": "print('serving')\n",
        "app/sidecar.py": SIDECAR,
    }, git=True)
    found = [(f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]
    assert found == [("app/sidecar.py", ("api",))]
