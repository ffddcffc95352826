"""pydantic-settings v2 ignores ``Field(env="X")``: ``env`` is no argument of v2's ``Field``
(pydantic stores it as JSON-schema extra), and the settings sources read the variable of the
field's own name, ``validation_alias`` naming another (pydantic-settings pull request 17, "Adopt
pydantic-settings with Pydantic V2": "Defining env in Field is not valid anymore and
validation_alias has to be used").  So a field ``mongodb_url = Field("mongodb://localhost:27017",
env="MONGODB_URI")`` of a class built on ``pydantic_settings.BaseSettings`` is the default of
MONGODB_URL: a service that sets MONGODB_URL replaces it, one that sets only MONGODB_URI does not.
pydantic v1's BaseSettings (``from pydantic import BaseSettings``) reads ``env``, as before."""
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
    environment:
      {var}: mongodb://mongo:27017
  mongo:
    image: mongo:7
"""
V2 = """\
from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    mongodb_url: str = Field(default="mongodb://localhost:27017", {keyword}="MONGODB_URI")


settings = Settings()
"""
V1 = """\
from pydantic import BaseSettings, Field


class Settings(BaseSettings):
    mongodb_url: str = Field(default="mongodb://localhost:27017", env="MONGODB_URI")


settings = Settings()
"""
MAIN = """\
from fastapi import FastAPI
from motor.motor_asyncio import AsyncIOMotorClient

from app.config import settings

app = FastAPI()
client = AsyncIOMotorClient(settings.mongodb_url)
"""


def _findings(tmp_path: Path, config: str, var: str) -> list[tuple[str, str, int]]:
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": COMPOSE.format(var=var), "app/__init__.py": "",
                    "app/config.py": config, "app/main.py": MAIN}, git=True)
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


FOUND = [("DW101", "app/config.py", 6)]


def test_v2_reads_the_fields_own_name(tmp_path):
    assert _findings(tmp_path, V2.format(keyword="env"), "MONGODB_URL") == []


def test_v2_does_not_read_the_env_keyword(tmp_path):
    assert _findings(tmp_path, V2.format(keyword="env"), "MONGODB_URI") == FOUND


def test_v2_reads_the_validation_alias(tmp_path):
    assert _findings(tmp_path, V2.format(keyword="validation_alias"), "MONGODB_URI") == []


def test_v1_reads_the_env_keyword(tmp_path):
    assert _findings(tmp_path, V1, "MONGODB_URI") == []
