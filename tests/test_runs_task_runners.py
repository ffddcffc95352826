"""A task runner (``invoke``, ``python -m invoke``) runs the tasks its command names from the
tasks file of its directory.  A task whose code only shells out to other programs starts no
Django: ``DJANGO_SETTINGS_MODULE`` in its environment loads nothing, and the settings' database
host is not dialled in that container (runs/tasks.py, rules/frameworks.yaml task_runners)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.knowledge.records import TaskRunner
from dockwise.runs.tasks import task_names, tasks_start_nothing
from tests.conftest import make

TASKS = '''\
from invoke import task


@task
def yarn_install(ctx):
    ctx.run("yarn install --frozen-lockfile")


@task(aliases=["pack"])
def webpack(ctx, dev=False):
    ctx.run("yarn run webpack")


@task
def assets(ctx, dev=False, watch=False):
    yarn_install(ctx)
    webpack(ctx, dev=dev)


@task
def worker(ctx):
    ctx.run("celery -A app worker")


def helper(ctx):
    ctx.run("python manage.py migrate")


@task
def deploy(ctx):
    assets(ctx)
    helper(ctx)
'''

SETTINGS = ('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql",\n'
            '                         "HOST": "localhost", "PORT": 5432}}\n')


def _flagged(tmp_path: Path, command: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": (f"services:\n  assets:\n    build: .\n    command: {command}\n"
                         "    environment:\n      DJANGO_SETTINGS_MODULE: app.settings\n"
                         "  db:\n    image: postgres:16\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /code\nCOPY . /code\n",
        "tasks.py": TASKS,
        "app/__init__.py": "",
        "app/settings.py": SETTINGS,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("command", ["python3 -m invoke assets -dw", "invoke assets", "inv pack"])
def test_a_task_that_only_runs_other_programs_loads_no_settings(tmp_path, command):
    assert _flagged(tmp_path, command) == []


@pytest.mark.parametrize("command", [
    "python3 -m invoke worker",  # starts celery
    "invoke deploy",  # calls a function of the tasks file that runs manage.py
    "invoke nosuchtask",  # a task not found: unknown
])
def test_a_task_that_may_start_python_keeps_the_settings(tmp_path, command):
    assert _flagged(tmp_path, command) == [("app/settings.py", "DW101")]


def test_task_names_skip_options_and_their_values():
    runner = TaskRunner(("invoke",), ("invoke",), ("tasks.py",), ("-c", "--collection"))
    assert task_names(runner, ("-c", "ops", "-d", "admin.assets", "--watch")) == ["admin.assets"]


def test_a_namespaced_task_is_read_from_the_namespaces_tasks_module(tmp_path):
    files = {"tasks.py": "from invoke import task\n",
             "admin/tasks.py": "from invoke import task\n\n\n@task\ndef assets(ctx):\n    ctx.run('yarn')\n"}
    runner = TaskRunner(("invoke",), ("invoke",), ("tasks.py",), ())
    assert tasks_start_nothing(runner, ("admin.assets",), ["tasks.py"], files.get, ("python",))
    assert not tasks_start_nothing(runner, ("admin.other",), ["tasks.py"], files.get, ("python",))
