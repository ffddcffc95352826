"""A method's return value reaches the calls of that method, not the calls of another class's
method of the same name (``flow/receivers.py``): ``config.database.connection_url()``, where
``config`` is a module-level instance of a project class whose body binds ``database =
DatabaseSettings()``, calls ``DatabaseSettings.connection_url``, so the broker URL that
``BrokerSettings.connection_url`` builds from its host-run default never reaches the database
engine.  The broker's own call keeps its finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

SETTINGS = '''import os
from dataclasses import dataclass


@dataclass
class DatabaseSettings:
    host: str = os.getenv("DB_HOST", "db")

    def connection_url(self) -> str:
        return f"postgresql://app:secret@{self.host}:5432/app"


@dataclass
class BrokerSettings:
    host: str = "localhost"

    def connection_url(self) -> str:
        return f"amqp://guest:guest@{self.host}:5672/"


class Settings:
    database = DatabaseSettings()
    broker = BrokerSettings()


config = Settings()
'''

DATABASE = '''from sqlalchemy import create_engine

from app.settings import config

engine = create_engine(config.database.connection_url())
'''

BROKER = '''import pika

from app.settings import config

pika.BlockingConnection(pika.URLParameters(config.broker.connection_url()))
'''


def _found(tmp_path: Path, main: str) -> list[tuple[str, int, str]]:
    compose = ("services:\n  db:\n    image: postgres:16\n"
               "  api:\n    build: .\n    command: python -m app\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
                    "app/__init__.py": "", "app/settings.py": SETTINGS, "app/__main__.py": main}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_another_classs_method_of_the_same_name_is_not_followed(tmp_path):
    assert _found(tmp_path, DATABASE) == []


def test_the_classs_own_method_call_keeps_its_finding(tmp_path):
    assert _found(tmp_path, BROKER) == [("app/settings.py", 15, "DW101")]
