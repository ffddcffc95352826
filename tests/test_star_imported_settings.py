"""A settings module that star-imports another (``from config import *``) and uses its names
(``"HOST": DATABASE_HOST``) dials the values that module binds: the star import binds every
public name (those of its ``__all__`` where it has one).  Not a name the importing module binds
itself, a private name, or one ``__all__`` leaves out."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
    command: python manage.py runserver 0.0.0.0:8000
    ports: ["8000:8000"]
  db:
    image: postgres:16
"""

MANAGE = ('import os\nimport sys\n\nif __name__ == "__main__":\n'
          '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_app.settings")\n'
          '    from django.core.management import execute_from_command_line\n'
          '    execute_from_command_line(sys.argv)\n')

SETTINGS = """\
from config import *
{extra}
DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "HOST": {name},
        "PORT": 5432,
    }}
}}
"""


def _found(tmp_path: Path, config: str, *, name: str = "DATABASE_HOST", extra: str = ""):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "manage.py": MANAGE,
        "config.py": config,
        "site_app/__init__.py": "",
        "site_app/settings.py": SETTINGS.format(name=name, extra=extra),
    }, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_star_imported_name_is_followed(tmp_path):
    found = _found(tmp_path, 'DEBUG = True\nDATABASE_HOST = "127.0.0.1"\n')
    assert found == [("DW101", "config.py", 2)]


def test_one_listed_in_all_is_followed(tmp_path):
    found = _found(tmp_path, '__all__ = ["DATABASE_HOST"]\nDATABASE_HOST = "127.0.0.1"\n')
    assert found == [("DW101", "config.py", 2)]


@pytest.mark.parametrize("config, name, extra", [
    # the importing module binds the name itself: its own value is the one read
    ('DATABASE_HOST = "127.0.0.1"\n', "DATABASE_HOST", 'DATABASE_HOST = "db"\n'),
    # a private name is not star-imported
    ('_DATABASE_HOST = "127.0.0.1"\n', "_DATABASE_HOST", ""),
    # __all__ leaves it out
    ('__all__ = ["DEBUG"]\nDEBUG = True\nDATABASE_HOST = "127.0.0.1"\n', "DATABASE_HOST", ""),
])
def test_not_a_star_imported_value(tmp_path, config, name, extra):
    assert _found(tmp_path, config, name=name, extra=extra) == []
