"""A settings module that star-imports the base settings and then replaces a setting in every
branch of a top-level ``if``/``elif``/``else`` chain (``if os.getenv("STORE_URL"): DATABASES =
{...parsed...} else: DATABASES = {...from its own variables...}``) never loads the base module's
value: whichever branch runs binds the name again.  The base's loopback default is no finding
in the container that loads that module.  A chain with a branch that keeps the base value (no
``else``, or an ``else`` that assigns something else, or one that carries the value on) leaves
it judged."""
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
        "HOST": os.getenv("LEDGER_DB_HOST", "localhost"),
        "PORT": "5432",
    }
}
'''

_LIVE = '''from .base import *  # noqa
import os
from urllib.parse import urlparse

STORE_URL = os.getenv("STORE_URL")

if STORE_URL:
    _u = urlparse(STORE_URL)
    DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql", "HOST": _u.hostname}}}}
{rest}
'''

_ELSE = '''else:
    _host = os.getenv("STORE_HOST", "store")
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": _host}}
'''

_ELIF_ELSE = '''elif os.getenv("STORE_SOCKET"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ["STORE_SOCKET"]}}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "store"}}
'''

_ELIF_NO_ELSE = '''elif os.getenv("STORE_SOCKET"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ["STORE_SOCKET"]}}
'''

_ELSE_KEEPS = '''else:
    STORE_NOTE = "base database kept"
'''

_ELSE_CARRIES = '''else:
    DATABASES = {**DATABASES}
'''

_COMPOSE = ("services:\n"
            "  desk:\n    build: .\n    command: gunicorn ledgersite.wsgi:application --bind 0.0.0.0:8000\n"
            "    environment:\n      DJANGO_SETTINGS_MODULE: ledgersite.live\n"
            "  store:\n    image: postgres:16\n")

_WSGI = ('import os\nfrom django.core.wsgi import get_wsgi_application\n'
         'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledgersite.live")\n'
         'application = get_wsgi_application()\n')


def _codes(tmp_path: Path, rest: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install django gunicorn\n",
        "ledgersite/__init__.py": "",
        "ledgersite/base.py": _BASE,
        "ledgersite/live.py": _LIVE.format(rest=rest),
        "ledgersite/wsgi.py": _WSGI,
    }, git=True)
    return sorted(f.code for f in run_check([tmp_path], Config(cache=False)).active)


def test_if_else_both_replacing_the_setting(tmp_path):
    assert _codes(tmp_path, _ELSE) == []


def test_if_elif_else_all_replacing_the_setting(tmp_path):
    assert _codes(tmp_path, _ELIF_ELSE) == []


def test_no_else_keeps_the_base_value(tmp_path):
    assert _codes(tmp_path, "") == ["DW101"]


def test_elif_without_else_keeps_the_base_value(tmp_path):
    assert _codes(tmp_path, _ELIF_NO_ELSE) == ["DW101"]


def test_an_else_that_replaces_nothing_keeps_the_base_value(tmp_path):
    assert _codes(tmp_path, _ELSE_KEEPS) == ["DW101"]


def test_an_else_that_carries_the_value_on_keeps_it(tmp_path):
    assert _codes(tmp_path, _ELSE_CARRIES) == ["DW101"]
