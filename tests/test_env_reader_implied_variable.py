"""Readers that take the variable's name as an optional argument and read a documented one
when it is left out: ``dj_database_url.config(default=...)`` reads DATABASE_URL (its ``env``
argument names another), django-environ's ``env.db(default=...)`` DATABASE_URL and
``env.cache(default=...)`` CACHE_URL.  Their default is the address a container dials where
its service sets that variable nowhere, exactly as ``os.getenv("DATABASE_URL", default)``
(``default_var`` of a ``role: env`` entry in ``rules/clients.yaml``); a service that sets the
variable (or the one an ``env`` argument names) never dials the default."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = ('FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n'
              'RUN pip install django dj-database-url django-environ\n')
MANAGE = ('import os\nimport sys\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledger.settings")\n'
          'from django.core.management import execute_from_command_line\n\n'
          'execute_from_command_line(sys.argv)\n')


def findings(tmp_path: Path, settings: str, env: str = "") -> list[tuple[str, str, str, str]]:
    compose = ("services:\n"
               "  books:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n"
               + (f"    environment:\n{env}" if env else "")
               + "  store:\n    image: postgres:16\n"
               "  memo:\n    image: redis:7\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "manage.py": MANAGE,
                    "ledger/__init__.py": "", "ledger/settings.py": settings}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, ",".join(f.services),
                   f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else "") for f in result.active)


DJ_DB = ('import dj_database_url\n\n'
         'DATABASES = {"default": dj_database_url.config(default="postgres://clerk@localhost:5432/books")}\n')


def test_the_default_of_a_reader_with_an_implied_variable_is_dialled(tmp_path):
    assert findings(tmp_path, DJ_DB) == [("ledger/settings.py", "DW101", "books", "store:5432")]


def test_a_service_setting_the_implied_variable_never_dials_the_default(tmp_path):
    env = "      DATABASE_URL: postgres://clerk@store:5432/books\n"
    assert findings(tmp_path, DJ_DB, env) == []


def test_a_variable_named_in_the_call_replaces_the_implied_one(tmp_path):
    named = DJ_DB.replace("config(default=", 'config(env="LEDGER_DATABASE_URL", default=')
    # the service sets the named variable: the default is dead
    assert findings(tmp_path, named, "      LEDGER_DATABASE_URL: postgres://clerk@store:5432/books\n") == []
    # it sets only DATABASE_URL, which this call does not read: the default is dialled
    assert findings(tmp_path, named, "      DATABASE_URL: postgres://clerk@store:5432/books\n") \
        == [("ledger/settings.py", "DW101", "books", "store:5432")]


def test_django_environ_readers_read_their_documented_variables(tmp_path):
    settings = ('import environ\n\nenv = environ.Env()\n\n'
                'DATABASES = {"default": env.db(default="postgres://clerk@localhost:5432/books")}\n'
                'CACHES = {"default": env.cache(default="redis://localhost:6379/1")}\n')
    assert findings(tmp_path, settings) == [("ledger/settings.py", "DW101", "books", "memo:6379"),
                                            ("ledger/settings.py", "DW101", "books", "store:5432")]
    # the service gives the cache its variable: only the database's default is dialled
    assert findings(tmp_path, settings, "      CACHE_URL: redis://memo:6379/1\n") \
        == [("ledger/settings.py", "DW101", "books", "store:5432")]
