"""A settings module that star-imports the base settings and goes on past a top-level guard
only where it replaced the setting (``configured = False``; branches that assign ``DATABASES``
and then ``configured = True``; ``if not configured: raise RuntimeError(...)``) never loads the
base module's value: the process fails to start instead.  The base's loopback default is no
finding in the container that loads that module.  Where the guard does not stop the module (it
only logs), or a branch sets the flag without replacing the setting, the base value may be the
one loaded and stays judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_BASE = '''import os

SECRET_KEY = os.getenv("SECRET_KEY", "x")
INSTALLED_APPS = ["django.contrib.auth"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "ledger",
        "HOST": os.getenv("LEDGER_DB_HOST", "127.0.0.1"),
        "PORT": "5432",
    }
}
'''

_LIVE = '''from .base import *  # noqa
import os

_store_ready = False

if os.environ.get("STORE_URL"):
    DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["STORE_URL"]}}}}
    _store_ready = True

if not _store_ready and os.environ.get("STORE_HOST"):
    {branch}
    _store_ready = True

if not _store_ready:
    {guard}
'''

_REPLACE = 'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ["STORE_HOST"]}}'

_COMPOSE = ("services:\n"
            "  desk:\n    build: .\n    command: gunicorn ledgersite.wsgi:application --bind 0.0.0.0:8000\n"
            "    environment:\n      DJANGO_SETTINGS_MODULE: ledgersite.live\n"
            "  store:\n    image: postgres:16\n")

_WSGI = ('import os\nfrom django.core.wsgi import get_wsgi_application\n'
         'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledgersite.live")\n'
         'application = get_wsgi_application()\n')


def _codes(tmp_path: Path, branch: str, guard: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install django gunicorn\n",
        "ledgersite/__init__.py": "",
        "ledgersite/base.py": _BASE,
        "ledgersite/live.py": _LIVE.format(branch=branch, guard=guard),
        "ledgersite/wsgi.py": _WSGI,
    }, git=True)
    return sorted(f.code for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_guard_that_raises_unless_the_setting_was_replaced(tmp_path):
    assert _codes(tmp_path, _REPLACE, 'raise RuntimeError("no store configured")') == []


def test_a_guard_that_only_logs_keeps_the_base_value(tmp_path):
    assert _codes(tmp_path, _REPLACE, 'print("no store configured")') == ["DW101"]


def test_a_flag_set_without_replacing_the_setting_keeps_the_base_value(tmp_path):
    assert _codes(tmp_path, 'STORE_NOTE = "host given"', 'raise RuntimeError("no store configured")') == ["DW101"]
