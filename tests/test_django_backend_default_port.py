"""A Django ``DATABASES`` entry that names its HOST and no PORT (or an empty one) is dialled at
the default port of the backend its ENGINE names: "An empty string means the default port",
5432 for PostgreSQL (PostGIS too), 3306 for MySQL.  ``"HOST": "localhost"`` there is the web
container's own loopback, where no database listens; the suggestion is the service that
listens on that port.  A backend read from the environment gives no port, and SQLite's entry
dials nothing (rules/flow.yaml backend_ports, flow/climb.py ``_dict_item``)."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MANAGE = ('import os\nimport sys\n\n'
          'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopsite.settings")\n'
          'from django.core.management import execute_from_command_line\n\n'
          'execute_from_command_line(sys.argv)\n')
SETTINGS = ('import os\n\n'
            'DATABASES = {{\n'
            '    "default": {{\n'
            '        "ENGINE": {engine},\n'
            '        "NAME": "shop",\n'
            '        "HOST": "localhost",\n'
            '{port}'
            '    }}\n'
            '}}\n')


def _findings(tmp_path, engine: str, port: str = "", db_image: str = "postgres:16") -> list[tuple[str, object]]:
    make(tmp_path, {
        "manage.py": MANAGE,
        "shopsite/__init__.py": "",
        "shopsite/settings.py": SETTINGS.format(engine=engine, port=port),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install django psycopg2-binary\n",
        "compose.yaml": (f"services:\n  store:\n    image: {db_image}\n"
                         "  web:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n"
                         "    ports: ['8000:8000']\n"),
    }, git=True)
    return [(f.code, f.suggestion and (f.suggestion.host, f.suggestion.port))
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("engine, port", [
    ('"django.db.backends.postgresql"', ""),
    ('"django.contrib.gis.db.backends.postgis"', '        "PORT": "",\n'),
], ids=["no-port", "empty-port"])
def test_the_backends_default_port_is_dialled(tmp_path, engine, port):
    assert _findings(tmp_path, engine, port) == [("DW101", ("store", 5432))]


def test_mysql_at_its_own_default_port(tmp_path):
    assert _findings(tmp_path, '"django.db.backends.mysql"', db_image="mysql:8") == [("DW101", ("store", 3306))]


def test_a_backend_read_from_the_environment_gives_no_port(tmp_path):
    assert _findings(tmp_path, 'os.environ.get("DB_ENGINE", "django.db.backends.postgresql")') == []


def test_sqlite_dials_no_host(tmp_path):
    assert _findings(tmp_path, '"django.db.backends.sqlite3"') == []
