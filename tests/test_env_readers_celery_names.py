"""Celery reads a handful of variables by name (celery/app/utils.py: CELERY_BROKER_URL,
CELERY_BROKER_READ_URL, CELERY_BROKER_WRITE_URL, CELERY_RESULT_BACKEND; its CLI, run with
click's ``auto_envvar_prefix="CELERY"``, its ``--broker`` from CELERY_BROKER), not every name
that starts with ``CELERY_``.  A shared ``.env`` variable no code names, ``CELERY_JOBS_REDIS_URL``,
is read nowhere in a container whose Python imports Celery (``env_readers`` in
``rules/flow.yaml``); ``CELERY_BROKER_URL`` there is still read by Celery itself."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "-m", "shop.web"]\n'
WEB = ("import os\n\nfrom celery import Celery\n\n"
       'jobs = Celery("shop", broker=os.environ.get("JOBS_BROKER", "redis://cache:6379/0"))\n\n\n'
       "@jobs.task\ndef ping():\n    return 1\n\n\nping.delay()\n")


def findings(tmp_path: Path, env: str) -> list[tuple[str, int, str]]:
    compose = ("services:\n"
               "  web:\n    build: .\n    env_file: .env\n"
               "  cache:\n    image: redis:7\n")
    files = {"compose.yaml": compose, ".env": env, "Dockerfile": DOCKERFILE,
             "shop/__init__.py": "", "shop/web.py": WEB}
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_celery_prefixed_variable_celery_does_not_read_is_read_nowhere(tmp_path):
    assert findings(tmp_path, "CELERY_JOBS_REDIS_URL=redis://localhost:6380/0\n") == []


def test_the_broker_variable_celery_reads_by_its_name_keeps_its_finding(tmp_path):
    env = "CELERY_JOBS_REDIS_URL=redis://localhost:6380/0\nCELERY_BROKER_URL=redis://localhost:6379/0\n"
    assert findings(tmp_path, env) == [(".env", 2, "DW101")]
