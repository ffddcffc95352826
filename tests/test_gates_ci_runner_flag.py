"""A branch on a variable a CI runner sets itself (``if os.environ.get("GITHUB_WORKFLOW"):``,
``"GITLAB_CI" in os.environ``, ``os.getenv("GITHUB_ACTIONS") == "true"``; rules/flow.yaml
``ci_env_flags``) picks the settings of a CI job, whose database is the job's service container
on localhost: in an image run outside Compose, whose environment is unknown, that branch is not
the one a deployment runs.  A Compose service's known environment still decides, and a branch
on a variable of the project's own (``USE_LOCAL_DB``) keeps its finding where the environment
is unknown."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = '''import os

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("DB_HOST", "db"),
        "PORT": "5432",
    }
}

if {test}:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": "127.0.0.1",
            "PORT": "5432",
        }
    }
'''
MANAGE = '''import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
'''
DOCKERFILE = 'FROM python:3.12\nWORKDIR /app\nCOPY . /app\nCMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]\n'


def _findings(tmp_path: Path, test: str, compose: str | None = None) -> list[tuple[str, str, int]]:
    files = {"Dockerfile": DOCKERFILE, "manage.py": MANAGE, "project/__init__.py": "",
             "project/settings.py": SETTINGS.replace("{test}", test)}
    if compose is not None:
        files["compose.yaml"] = compose
    make(tmp_path, files, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("test", ['os.environ.get("GITHUB_WORKFLOW")', '"GITLAB_CI" in os.environ',
                                  'os.getenv("GITHUB_ACTIONS") == "true"'])
def test_a_ci_runner_branch_is_not_run_by_an_image_outside_compose(tmp_path, test):
    assert _findings(tmp_path, test) == []


def test_a_branch_on_a_variable_of_the_project_keeps_the_finding(tmp_path):
    assert [c for c, _, _ in _findings(tmp_path, 'os.environ.get("USE_LOCAL_DB")')] == ["DW101"]


def test_a_compose_service_that_sets_the_runner_variable_takes_the_branch(tmp_path):
    compose = ("services:\n  web:\n    build: .\n    environment:\n      GITHUB_WORKFLOW: ci\n"
               "  db:\n    image: postgres:16\n")
    assert [c for c, _, _ in _findings(tmp_path, 'os.environ.get("GITHUB_WORKFLOW")', compose)] == ["DW101"]
