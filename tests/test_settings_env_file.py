"""A pydantic settings class that names a dotenv file of its own (``model_config =
SettingsConfigDict(env_file=".env")``, pydantic v1's ``class Config: env_file = ".env"``): its
fields take the values that file gives before their defaults (pydantic-settings, "Dotenv (.env)
support": environment variables, then the dotenv file, then the field's default).  Where the
file the image holds (the tree's ``.env``, copied in with the code) sets a field's variable, the
field's loopback default never runs.  The file fills the settings class only, not the process
environment (pydantic-settings issue 226): an ``os.getenv`` default of the same name elsewhere
keeps its finding, and so does a field the file does not set.  A committed sample where the file is
absent is no evidence: the class reads the file by its own fields' names."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
"""
COMPOSE = """\
services:
  api:
    build: .
  postgres:
    image: postgres:16
  redis:
    image: redis:7
"""
V2 = """\
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    DATABASE_URL: str = "postgresql://app:pw@localhost:5432/app"
    REDIS_URL: str = "redis://localhost:6379/0"


settings = Settings()
"""
V1 = """\
from pydantic import BaseSettings


class Settings(BaseSettings):
    DATABASE_URL: str = "postgresql://app:pw@localhost:5432/app"
    REDIS_URL: str = "redis://localhost:6379/0"

    class Config:
        env_file = ".env"


settings = Settings()
"""
MAIN = """\
import os

import redis
from fastapi import FastAPI
from sqlalchemy import create_engine

from app.config import settings

app = FastAPI()
engine = create_engine(settings.DATABASE_URL)
cache = redis.Redis.from_url(settings.REDIS_URL)
queue = redis.Redis.from_url(os.getenv("DATABASE_URL", "redis://localhost:6379/1"))
"""


def _findings(tmp_path: Path, config: str, dotenv: str | None) -> list[tuple[str, str, int]]:
    files = {"Dockerfile": DOCKERFILE, "compose.yaml": COMPOSE, "app/__init__.py": "",
             "app/config.py": config, "app/main.py": MAIN}
    if dotenv is not None:
        files[".env"] = dotenv
    make(tmp_path, files, git=True)
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


DOTENV = "DATABASE_URL=postgresql://app:pw@postgres:5432/app\n"
# the field the file leaves unset keeps its finding, and so does the os.getenv default: the
# settings class's dotenv file does not reach the process environment
KEPT = [("DW101", "app/config.py", 8), ("DW101", "app/main.py", 12)]
KEPT_V1 = [("DW101", "app/config.py", 6), ("DW101", "app/main.py", 12)]


def test_the_class_dotenv_sets_the_field(tmp_path):
    assert _findings(tmp_path, V2, DOTENV) == KEPT


def test_the_v1_config_dotenv_sets_the_field(tmp_path):
    assert _findings(tmp_path, V1, DOTENV) == KEPT_V1


def test_without_the_file_the_defaults_stand(tmp_path):
    assert _findings(tmp_path, V2, None) == [("DW101", "app/config.py", 7)] + KEPT


def test_a_committed_sample_is_no_evidence(tmp_path):
    # the file is written by the operator from the sample, by names the class may not read
    make(tmp_path, {".env.example": DOTENV})
    assert _findings(tmp_path, V2, None) == [("DW101", "app/config.py", 7)] + KEPT


def test_a_class_naming_no_dotenv_file_keeps_its_defaults(tmp_path):
    config = V2.replace('env_file=".env", ', "")
    assert _findings(tmp_path, config, DOTENV) == [("DW101", "app/config.py", 7)] + KEPT
