"""A near-miss of a service name (DW105) whose own form is its evidence (`mongodb://docstor:27017`
names `docstore` with a port) and that is the default of a model a pydantic settings class
holds (`class Store(BaseModel): url = ...` held as `store: Store = Store()`): that default is
dead where the service sets the holding field's variables (`SVC_STORE__URL` with the class's
prefix and delimiter, or `SVC_STORE` as JSON), and where the holder builds the model giving
the field, as it is for an address found by its way to a sink.  The same default stays a
finding where the service sets neither."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = '''from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict


class Store(BaseModel):
    url: str = "mongodb://docstor:27017/items"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SVC_", env_nested_delimiter="__")
    store: Store = {built}
    flat_url: str = "mongodb://docstor:27017/flat"


settings = Settings()
'''

MAIN = '''from fastapi import FastAPI
from pymongo import MongoClient

from svc.config import settings

app = FastAPI()
items = MongoClient(settings.store.url)
flat = MongoClient(settings.flat_url)
'''


def _findings(tmp_path: Path, *env: str, built: str = "Store()") -> list[tuple[str, int, str | None]]:
    lines = "".join(f"      {e}\n" for e in ("SVC_FLAT_URL: mongodb://docstore:27017/flat", *env))
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: uvicorn svc.main:app --host 0.0.0.0\n"
                        "    environment:\n" + lines
                        + "  docstore:\n    image: mongo:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "svc/__init__.py": "",
        "svc/config.py": CONFIG.format(built=built),
        "svc/main.py": MAIN,
    }, git=True)
    return [(f.code, f.span.line, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_nested_default_is_a_finding_where_nothing_replaces_it(tmp_path: Path) -> None:
    assert _findings(tmp_path) == [("DW105", 6, "docstore")]


def test_the_prefixed_nested_variable_replaces_it(tmp_path: Path) -> None:
    assert _findings(tmp_path, "SVC_STORE__URL: mongodb://docstore:27017/items") == []


def test_the_holding_field_read_as_json_replaces_it(tmp_path: Path) -> None:
    assert _findings(tmp_path, "SVC_STORE: '{\"url\": \"mongodb://docstore:27017/items\"}'") == []


def test_a_holder_that_builds_the_model_giving_the_field(tmp_path: Path) -> None:
    assert _findings(tmp_path, built='Store(url="mongodb://docstore:27017/items")') == []
