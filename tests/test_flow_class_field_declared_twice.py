"""A field a class body declares twice (``MAIL_HOST: str = ...`` in two sections of one
settings class) keeps the later value: the earlier declaration's default reaches nothing and is
no finding, while the later one, dialled where the container sends mail, is."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_CONFIG = '''from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "notes"

    # mail (first section)
    MAIL_HOST: str = "localhost"
    MAIL_PORT: int = 1025

    # limits
    page_size: int = 20

    # mail (second section)
    MAIL_HOST: str = "localhost"
    MAIL_PORT: int = 1025


settings = Settings()
'''

_MAIN = '''import smtplib

from fastapi import FastAPI

from notes.config import settings

app = FastAPI()


@app.post("/remind")
def remind():
    with smtplib.SMTP(settings.MAIL_HOST, settings.MAIL_PORT) as box:
        box.noop()
'''


def test_only_the_later_declaration_of_a_field_is_judged(tmp_path: Path):
    make(tmp_path, {
        "compose.yaml": (
            "services:\n"
            "  api:\n    build: .\n    command: uvicorn notes.main:app --host 0.0.0.0\n"
            "  mail:\n    image: axllent/mailpit\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "notes/__init__.py": "",
        "notes/config.py": _CONFIG,
        "notes/main.py": _MAIN,
    }, git=True)
    found = sorted((f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)
    assert found == [("DW101", 15)]
