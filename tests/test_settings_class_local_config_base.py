"""A class is a settings class (its fields filled from the environment by their names) only
where a base it does not define itself says so (``BaseSettings``, an imported ``AppConfig``).
Flask's config objects, ``class Config:`` and ``class TestingConfig(Config)`` in one module,
are plain classes: the test class's field, named like a client address, is no setting the
container's environment fills, and nothing the service runs loads that class.  A settings
lineage that reaches ``BaseSettings`` through a base the module defines stays one."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config as DockwiseConfig
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
    command: python app.py
    env_file: .env
    environment:
      REDIS_URL: redis://cache:6379/0
  cache:
    image: redis:7
"""
FLASK_CONFIG = """\
import os


class Config:
    REDIS_URL = os.getenv("REDIS_URL", "redis://cache:6379/0")

    @staticmethod
    def zone():
        return "UTC"


class TestingConfig(Config):
    TESTING = True
    REDIS_URL = "redis://localhost:6379/15"
"""
FLASK_APP = """\
import redis
from flask import Flask

from settings import Config

app = Flask(__name__)
app.config.from_object(Config)
store = redis.Redis.from_url(app.config["REDIS_URL"])
"""
PYDANTIC_CONFIG = """\
from pydantic_settings import BaseSettings


class AppConfig(BaseSettings):
    debug: bool = False


class CacheConfig(AppConfig):
    QUEUE_REDIS_URL: str = "redis://localhost:6379/1"


cache = CacheConfig()
"""
PYDANTIC_APP = """\
import redis

from settings import cache

queue = redis.Redis.from_url(cache.QUEUE_REDIS_URL)
"""


def _found(tmp_path: Path, settings: str, app: str, dotenv: str | None) -> list[tuple[str, str, int]]:
    files = {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "settings.py": settings,
        "app.py": app,
    }
    if dotenv is not None:
        files[".env"] = dotenv
    make(tmp_path, files, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], DockwiseConfig(cache=False)).active]


def test_a_flask_test_config_is_no_settings_class(tmp_path):
    # the service's env_file is missing: its environment is not known in full
    assert _found(tmp_path, FLASK_CONFIG, FLASK_APP, None) == []
    assert _found(tmp_path, FLASK_CONFIG, FLASK_APP, "TZ=UTC\n") == []


def test_a_settings_lineage_through_a_local_base_stays_one(tmp_path):
    assert _found(tmp_path, PYDANTIC_CONFIG, PYDANTIC_APP, "TZ=UTC\n") == [("DW101", "settings.py", 9)]
