"""django-extensions' ``manage.py runserver_plus`` given no address binds the Django settings'
``RUNSERVERPLUS_SERVER_ADDRESS_PORT`` where they set it, and 127.0.0.1:8000 only where they
do not (its management command reads the setting first).  Settings that give it another
host, or read it from the environment, leave no default loopback bind to report; a loopback
one, none at all, or Django's own ``runserver`` still bind the container's loopback
(rules/commands.yaml settings_bind_keys, flow/settingbind.py, checks/dw201.py)."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MANAGE = ('import os\nimport sys\n\n'
          'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")\n'
          'from django.core.management import execute_from_command_line\n\n'
          'execute_from_command_line(sys.argv)\n')
SETTINGS = ('import os\n\n'
            'DEBUG = True\n'
            'INSTALLED_APPS = ["django_extensions"]\n'
            '{line}')


def _codes(tmp_path, line: str, command: str = "runserver_plus") -> list[str]:
    make(tmp_path, {
        "manage.py": MANAGE,
        "site_conf/__init__.py": "",
        "site_conf/settings.py": SETTINGS.format(line=line),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install django django-extensions\n",
        "compose.yaml": (f"services:\n  web:\n    build: .\n    command: python manage.py {command}\n"
                         "    ports: ['8000:8000']\n"),
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("line", [
    'RUNSERVERPLUS_SERVER_ADDRESS_PORT = "0.0.0.0:8000"\n',
    'RUNSERVERPLUS_SERVER_ADDRESS_PORT = os.environ.get("DEV_ADDRESS", "0.0.0.0:8000")\n',
], ids=["every-interface", "from-environment"])
def test_settings_that_move_the_address_leave_no_default_bind(tmp_path, line):
    assert _codes(tmp_path, line) == []


@pytest.mark.parametrize("line", ["", 'RUNSERVERPLUS_SERVER_ADDRESS_PORT = "127.0.0.1:8000"\n'],
                         ids=["unset", "loopback"])
def test_without_such_a_setting_the_loopback_default_stands(tmp_path, line):
    assert _codes(tmp_path, line) == ["DW201"]


def test_djangos_own_runserver_ignores_the_setting(tmp_path):
    assert _codes(tmp_path, 'RUNSERVERPLUS_SERVER_ADDRESS_PORT = "0.0.0.0:8000"\n', command="runserver") == ["DW201"]
