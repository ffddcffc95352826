"""A strong-named settings field whose name appears in the code only as the literal of an
environment read of the same variable (``os.getenv("REPORT_DB_URL")`` in a validator that
reads the variable itself) is read by nothing: that read takes the variable, not the field, so
the field's default reaches no client and is no target by its name.  A field a client is
given (``redis.from_url(settings.CACHE_REDIS_URL)``) keeps its finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_CONFIG = '''import os

from pydantic import field_validator
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    DATABASE_URL: str | None = None
    REPORT_DB_URL: str = "postgresql+asyncpg://rep:rep@localhost:55432/reports"
    CACHE_REDIS_URL: str = "redis://localhost:6379/0"

    @field_validator("DATABASE_URL", mode="before")
    @classmethod
    def _pick(cls, v):
        if v:
            return v
        other = os.getenv("REPORT_DB_URL")
        if other:
            return other
        return "postgresql+asyncpg://app:app@store:5432/app"


settings = Settings()
'''

_MAIN = '''import redis
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

from ledger.config import settings

app = FastAPI()
engine = create_async_engine(settings.DATABASE_URL)
cache = redis.from_url(settings.CACHE_REDIS_URL)
'''


def test_a_field_named_only_by_an_environment_read_of_its_variable_is_unread(tmp_path: Path):
    make(tmp_path, {
        "compose.yaml": (
            "services:\n"
            "  api:\n    build: .\n    command: uvicorn ledger.main:app --host 0.0.0.0\n"
            "    environment:\n      DATABASE_URL: postgresql+asyncpg://app:app@store:5432/app\n"
            "  store:\n    image: postgres:16\n"
            "  cache:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "ledger/__init__.py": "",
        "ledger/config.py": _CONFIG,
        "ledger/main.py": _MAIN,
    }, git=True)
    found = sorted((f.code, f.span.line, f.suggestion.host if f.suggestion else None)
                   for f in run_check([tmp_path], Config(cache=False)).active)
    assert found == [("DW101", 10, "cache")]
