"""A Django ``DATABASES`` entry whose ``ENGINE`` is a SQLite backend opens a file and never reads
its ``HOST``: the host written beside it is no connect target, whether the backend is written
out, bound to a module constant, or the default of an environment read the service leaves unset.
Where the service's environment picks a server backend (``django.db.backends.postgresql``), or
the entry names one, the host is dialled and its loopback default keeps its finding
(rules/flow.yaml offline_backends, flow/backendswitch.py)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WSGI = """\
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")
application = get_wsgi_application()
"""


def _settings(engine: str) -> str:
    return f"""\
import os

FILE_ENGINE = "django.db.backends.sqlite3"

DATABASES = {{
    "default": {{
        "ENGINE": {engine},
        "NAME": os.environ.get("STORE_NAME", "local.sqlite3"),
        "HOST": os.environ.get("STORE_HOST", "localhost"),
        "PORT": os.environ.get("STORE_PORT", "5432"),
    }}
}}
"""


def _findings(tmp_path: Path, engine: str, environment: str = "") -> list[tuple[str, str, int]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  portal:\n    build: ./portal\n" + environment
                        + "  ledger:\n    image: postgres:16\n",
        "portal/Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n'
                             'CMD ["gunicorn", "site_conf.wsgi:application", "--bind", "0.0.0.0:8000"]\n',
        "portal/site_conf/__init__.py": "",
        "portal/site_conf/wsgi.py": WSGI,
        "portal/site_conf/settings.py": _settings(engine),
    }, git=True)
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


PICKED = 'os.environ.get("STORE_ENGINE", "django.db.backends.sqlite3")'
SERVER = "    environment:\n      STORE_ENGINE: django.db.backends.postgresql\n"


def test_a_written_sqlite_engine_reads_no_host(tmp_path):
    assert _findings(tmp_path, '"django.db.backends.sqlite3"') == []


def test_a_sqlite_engine_held_by_a_module_constant_reads_no_host(tmp_path):
    assert _findings(tmp_path, "FILE_ENGINE") == []


def test_a_sqlite_default_the_service_leaves_unset_reads_no_host(tmp_path):
    assert _findings(tmp_path, PICKED) == []


def test_a_server_engine_the_service_picks_dials_the_host(tmp_path):
    assert _findings(tmp_path, PICKED, SERVER) == [("DW101", "portal/site_conf/settings.py", 9)]


def test_a_written_server_engine_dials_the_host(tmp_path):
    assert _findings(tmp_path, '"django.db.backends.postgresql"') == [("DW101", "portal/site_conf/settings.py", 9)]
