"""``manage.py`` often picks the test settings only for a test run: ``if "test" in sys.argv:
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings.test")``.  A container whose
start command runs ``manage.py migrate`` and then a server never makes a test run, so the test
settings module is not loaded there and its loopback database host is no finding; a default
written outside such a branch, or in its ``else``, still names the module the container loads, and
so does the test-run default in a container whose start command runs the tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MANAGE = """\
import os
import sys


def main():
{choice}
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
"""

TEST_RUN = """\
    if "test" in sys.argv:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings.test")
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings.dev")"""

WSGI = """\
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings.dev")
application = get_wsgi_application()
"""


def _settings(host: str) -> str:
    return ('DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n'
            f'        "NAME": "portal",\n        "HOST": "{host}",\n        "PORT": "5432",\n    }}\n}}\n')


SERVE = "python manage.py migrate --noinput && gunicorn site_conf.wsgi:application --bind 0.0.0.0:8000"


def _findings(tmp_path: Path, choice: str, command: str = SERVE) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  portal:\n    build: .\n"
                        f"    command: sh -c \"{command}\"\n"
                        "  ledger:\n    image: postgres:16\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "manage.py": MANAGE.format(choice=choice),
        "site_conf/__init__.py": "",
        "site_conf/wsgi.py": WSGI,
        "site_conf/settings/__init__.py": "",
        "site_conf/settings/dev.py": _settings("ledger"),
        "site_conf/settings/test.py": _settings("localhost"),
    }, git=True)
    return sorted((f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("choice", [
    TEST_RUN,
    TEST_RUN.replace('"test" in sys.argv', 'sys.argv[1:2] == ["test"]'),
    TEST_RUN.replace('"test" in sys.argv', '"pytest" in sys.modules'),
])
def test_test_settings_picked_only_for_a_test_run_are_not_loaded(tmp_path, choice):
    assert _findings(tmp_path, choice) == []


@pytest.mark.parametrize("choice", [
    '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings.test")',
    # the else of a test-run check is what every other run picks
    TEST_RUN.replace("settings.test", "settings.other").replace("settings.dev", "settings.test"),
    # a test that asks the opposite (`not in`) picks its body for the container's own runs
    TEST_RUN.replace('"test" in', '"test" not in').replace("settings.dev", "settings.other"),
])
def test_test_settings_picked_otherwise_are_loaded(tmp_path, choice):
    assert ("DW101", "site_conf/settings/test.py") in _findings(tmp_path, choice)


def test_test_settings_of_a_container_that_runs_the_tests_are_loaded(tmp_path):
    assert ("DW101", "site_conf/settings/test.py") in _findings(tmp_path, TEST_RUN, "python manage.py test --noinput")
