"""A variable a pydantic settings field reads under another name than its own is read by that
field: pydantic-settings (v2, ``pydantic_settings.BaseSettings``) reads ``alias`` or
``validation_alias`` (``pg_host: str = Field(default="store", alias="POSTGRES_HOST")``; also each
name of ``AliasChoices``), pydantic v1's ``BaseSettings`` reads ``Field(env="POSTGRES_HOST")`` and
ignores an alias.  So ``POSTGRES_HOST=localhost`` in the service's env file is followed from that
field to the client it reaches, as it is for a field named ``postgres_host``; a v1 field that only
carries the name as an alias, or as a v2 ``env`` keyword, reads another variable."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n"
           "  worker:\n    build: .\n    command: python -m app.main\n    env_file: .env\n"
           "  store:\n    image: postgres:16\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY app/ ./app/\n"
MAIN = ("import psycopg2\n\nfrom app.config import options\n\n\n"
        "def run():\n"
        "    psycopg2.connect(host=options.pg_host, port=5432).close()\n\n\n"
        "run()\n")
V2 = "from pydantic import AliasChoices, Field\nfrom pydantic_settings import BaseSettings\n"
V1 = "from pydantic import BaseSettings, Field\n"


def config(declaration: str, head: str = V2) -> str:
    return (head + "\n\nclass Options(BaseSettings):\n"
            f"    pg_host: str = {declaration}\n\n\n"
            "options = Options()\n")


def findings(tmp_path: Path, declaration: str, head: str = V2) -> list[tuple]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, ".env": "POSTGRES_HOST=localhost\n",
                    "app/__init__.py": "", "app/config.py": config(declaration, head), "app/main.py": MAIN},
         git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code, f.suggestion and f"{f.suggestion.host}:{f.suggestion.port}")
                  for f in result.active)


FOUND = [(".env", 1, "DW101", "store:5432")]


def test_a_v2_alias_reads_the_variable(tmp_path):
    assert findings(tmp_path, 'Field(default="store", alias="POSTGRES_HOST")') == FOUND


def test_a_v2_validation_alias_reads_the_variable(tmp_path):
    assert findings(tmp_path, 'Field("store", validation_alias="POSTGRES_HOST")') == FOUND


def test_each_alias_choice_reads_the_variable(tmp_path):
    assert findings(tmp_path, 'Field("store", validation_alias=AliasChoices("DB_HOST", "POSTGRES_HOST"))') == FOUND


def test_a_v1_env_keyword_reads_the_variable(tmp_path):
    assert findings(tmp_path, 'Field("store", env="POSTGRES_HOST")', V1) == FOUND


def test_an_alias_v1_ignores_reads_another_variable(tmp_path):
    assert findings(tmp_path, 'Field("store", alias="POSTGRES_HOST")', V1) == []


def test_an_env_keyword_v2_ignores_reads_another_variable(tmp_path):
    assert findings(tmp_path, 'Field("store", env="POSTGRES_HOST")') == []


def test_a_field_of_another_name_reads_another_variable(tmp_path):
    assert findings(tmp_path, 'Field(default="store", alias="REPLICA_HOST")') == []
