"""Settings loaders such as dynaconf let the environment replace one nested key of a setting:
``<PREFIX>_DATABASES__default__HOST=db`` sets ``DATABASES["default"]["HOST"]``.  A service
whose environment sets that variable never dials the settings file's value for the key."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

COMPOSE = """\
services:
  web:
    build: .
    command: gunicorn --bind :8000 books.wsgi
    environment:
      DJANGO_SETTINGS_MODULE: books.settings
{extra}  pg:
    image: postgres:16
"""

SETTINGS = """\
import os

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("BOOKS_DB_HOST", "localhost"),
        "PORT": 5432,
    }
}
"""


def _codes(tmp_path: Path, extra: str) -> list[str]:
    (tmp_path / "compose.yaml").write_text(COMPOSE.format(extra=extra))
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n")
    pkg = tmp_path / "books"
    pkg.mkdir()
    for name, text in {"__init__": "", "settings": SETTINGS, "wsgi": "import django\n"}.items():
        (pkg / f"{name}.py").write_text(text)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).findings]


@pytest.mark.parametrize("var", ["SHELF_DATABASES__default__HOST", "DATABASES__DEFAULT__HOST"])
def test_a_nested_key_the_environment_replaces_is_not_dialled(tmp_path, var):
    assert _codes(tmp_path, f"      {var}: pg\n") == []


@pytest.mark.parametrize("var", ["SHELF_DATABASES__default__PORT", "SHELF_HOST", "DATABASESX__default__HOST"])
def test_another_variable_leaves_the_value_dialled(tmp_path, var):
    assert _codes(tmp_path, f"      {var}: pg\n") == ["DW101"]
