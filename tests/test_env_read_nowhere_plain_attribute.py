"""A shared ``.env`` gives an API container ``DATABASE_URL`` that nothing there reads: the code
builds its own URL from ``DB_HOST`` in a plain configuration class (``class Config:
DATABASE_URL = f"postgresql://...@{DB_HOST}/app"``) and reads that attribute.  An identifier
bound only as a module constant or a field of a plain class reads no variable (a settings class,
``BaseSettings``, fills its fields from the environment by name, and keeps it), and a runner's
configuration file that starts nothing (alembic.ini: the code that runs is its env.py) is read
as text, not taken for a shell script that may read anything.  The variable the code does read
(``DB_HOST``) stays a finding (``flow/libreaders.py``, ``Judge._read_nowhere``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ENV = "DATABASE_URL=postgresql://app:pw@localhost:5432/app\nDB_HOST=localhost\n"
PLAIN = ('import os\n\n\nclass Config:\n'
         '    DB_HOST = os.getenv("DB_HOST", "db")\n'
         '    DATABASE_URL = f"postgresql://app:pw@{DB_HOST}:5432/app"\n\n\nconfig = Config()\n')
SETTINGS = ('import os\n\nfrom pydantic_settings import BaseSettings\n\n\nclass Config(BaseSettings):\n'
            '    DB_HOST: str = os.getenv("DB_HOST", "db")\n'
            '    DATABASE_URL: str = "postgresql://app:pw@db:5432/app"\n\n\nconfig = Config()\n')
DB = ('from sqlalchemy import create_engine\n\nfrom app.settings import config\n\n'
      'engine = create_engine(config.DATABASE_URL)\nengine.connect()\n')
MAIN = 'from fastapi import FastAPI\n\nfrom app import db\n\napp = FastAPI()\n'
INI = "[alembic]\nscript_location = migrations\n"
INI_NAMING = "[alembic]\nscript_location = migrations\nsqlalchemy.url = %(DATABASE_URL)s\n"
ENVPY = ('from alembic import context\nfrom sqlalchemy import create_engine\n\nfrom app.settings import config\n\n'
         'with create_engine(config.DATABASE_URL).connect() as c:\n    context.configure(connection=c)\n')
UVICORN = "uvicorn app.main:app --host 0.0.0.0 --port 8000"


def _findings(tmp_path: Path, settings: str, command: str, ini: str = INI) -> list[tuple[str, int]]:
    compose = ("services:\n"
               "  db:\n    image: postgres:16\n"
               f"  api:\n    build: .\n    env_file: .env\n    command: {command}\n")
    make(tmp_path, {"compose.yaml": compose, ".env": ENV,
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
                    "app/__init__.py": "", "app/settings.py": settings, "app/db.py": DB, "app/main.py": MAIN,
                    "alembic.ini": ini, "migrations/env.py": ENVPY}, git=True)
    return sorted((f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_plain_class_attribute_of_the_same_name_reads_no_variable(tmp_path):
    assert _findings(tmp_path, PLAIN, UVICORN) == [(".env", 2)]


def test_alembic_ini_is_read_as_text_not_a_script(tmp_path):
    command = f'sh -c "alembic upgrade head && {UVICORN}"'
    assert _findings(tmp_path, PLAIN, command) == [(".env", 2)]


def test_a_settings_class_field_of_that_name_keeps_it(tmp_path):
    assert (".env", 1) in _findings(tmp_path, SETTINGS, UVICORN)


def test_an_alembic_ini_naming_the_variable_keeps_it(tmp_path):
    command = f'sh -c "alembic upgrade head && {UVICORN}"'
    assert _findings(tmp_path, PLAIN, command, INI_NAMING) == [(".env", 1), (".env", 2)]


def test_an_alembic_env_py_reading_the_variable_keeps_it(tmp_path):
    command = f'sh -c "alembic upgrade head && {UVICORN}"'
    compose = ("services:\n"
               "  db:\n    image: postgres:16\n"
               f"  api:\n    build: .\n    env_file: .env\n    command: {command}\n")
    envpy = ('import os\n\nfrom alembic import context\nfrom sqlalchemy import create_engine\n\n'
             'with create_engine(os.environ["DATABASE_URL"]).connect() as c:\n    context.configure(connection=c)\n')
    make(tmp_path, {"compose.yaml": compose, ".env": ENV,
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
                    "app/__init__.py": "", "app/settings.py": PLAIN, "app/db.py": DB, "app/main.py": MAIN,
                    "alembic.ini": INI, "migrations/env.py": envpy}, git=True)
    got = sorted((f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)
    assert got == [(".env", 1), (".env", 2)]
