"""A variable a pydantic-settings class reads into a nested model through its
``env_nested_delimiter`` (``BROKER__URL`` into ``broker: BrokerSettings`` with ``URL: str``),
where no module the container runs reads the holding field (``settings.broker``): the class
reads the variable and nothing there uses it, as for a flat field no code reads.  Another
container whose code reads ``settings.broker.URL`` and dials it keeps the value judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  thumbs:
    build: ./thumbs
    command: python -m svc.main
    env_file: thumbs/.env.docker
  ledger:
    build: ./ledger
    command: python -m svc.main
    env_file: ledger/.env.docker
  broker:
    image: redis:7
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
ENV = "BROKER__URL=redis://localhost:6379/0\nSTORE__ROOT=/data\n"
SETTINGS = """\
from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict


class BrokerSettings(BaseModel):
    URL: str


class StoreSettings(BaseModel):
    ROOT: str


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_nested_delimiter="__")
    broker: BrokerSettings
    store: StoreSettings


settings = Settings()
"""
MAIN_UNREAD = """\
import os

from svc.settings import settings

os.makedirs(settings.store.ROOT, exist_ok=True)
"""
MAIN_READ = """\
import redis

from svc.settings import settings

jobs = redis.Redis.from_url(settings.broker.URL)
jobs.ping()
"""


def _findings(tmp_path: Path, settings: str = SETTINGS) -> list[tuple[str, str, tuple[str, ...]]]:
    files = {"compose.yaml": COMPOSE}
    for svc, main in (("thumbs", MAIN_UNREAD), ("ledger", MAIN_READ)):
        files.update({f"{svc}/Dockerfile": DOCKERFILE, f"{svc}/.env.docker": ENV, f"{svc}/svc/__init__.py": "",
                      f"{svc}/svc/settings.py": settings, f"{svc}/svc/main.py": main})
    make(tmp_path, files, git=True)
    return sorted((f.code, f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_nested_variable_whose_holding_field_nothing_reads_is_dialled_nowhere(tmp_path):
    assert _findings(tmp_path) == [("DW101", "ledger/.env.docker", ("ledger",))]


def test_without_the_nested_delimiter_the_class_does_not_read_it(tmp_path):
    # no env_nested_delimiter: pydantic-settings does not split BROKER__URL; nothing says who reads it
    flat = SETTINGS.replace('model_config = SettingsConfigDict(env_nested_delimiter="__")', "pass")
    assert _findings(tmp_path, flat) == [("DW101", "ledger/.env.docker", ("ledger",)),
                                         ("DW101", "thumbs/.env.docker", ("thumbs",))]
