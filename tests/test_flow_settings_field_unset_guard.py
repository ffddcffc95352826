"""A settings class that assembles a URL from its parts only while the URL's own field is
empty (``if not self.DATABASE_URL: self.DATABASE_URL = f"...@{self.DB_SERVER}..."`` in a
validator, ``DATABASE_URL: Optional[str] = None``) reads the parts only where the service leaves
that field's variable unset: a container whose environment sets ``DATABASE_URL`` never dials the
parts' loopback default.  Unset, the assembled URL is dialled and the default stays a finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = """\
from typing import Optional

from pydantic import model_validator
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    DB_SERVER: str = "localhost"
    DB_PORT: int = 5432
    DATABASE_URL: Optional[str] = None

    @model_validator(mode="after")
    def assemble(self) -> "Settings":
        if not self.DATABASE_URL:
            self.DATABASE_URL = f"postgresql://app:pw@{self.DB_SERVER}:{self.DB_PORT}/app"
        return self


settings = Settings()
"""

DB = """\
from sqlalchemy import create_engine

from app.config import settings

engine = create_engine(settings.DATABASE_URL)
engine.connect()
"""


def _lines(tmp_path: Path, env: str) -> list[int]:
    compose = ("services:\n"
               "  api:\n    build: .\n    command: python -m app.db\n" + env +
               "  db:\n    image: postgres:16\n")
    make(tmp_path, {"compose.yaml": compose,
                    "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
                    "app/__init__.py": "", "app/config.py": CONFIG, "app/db.py": DB}, git=True)
    return sorted(f.span.line for f in run_check([tmp_path], Config(cache=False)).findings
                  if f.code == "DW101" and f.span.path == "app/config.py")


def test_parts_of_a_url_the_service_sets_are_never_dialled(tmp_path):
    assert _lines(tmp_path, "    environment:\n      DATABASE_URL: postgresql://app:pw@db:5432/app\n") == []


def test_the_assembled_url_is_dialled_where_the_service_leaves_it_unset(tmp_path):
    assert _lines(tmp_path, "    environment:\n      LOG_LEVEL: info\n") == [8]
