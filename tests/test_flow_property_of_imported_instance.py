"""A property of a short, common name (``DB_URI``, ``MQ_URL``) is followed into another module
where that module imports the settings instance the property's module binds
(``conf = AppConf()``, then ``from svc.conf import conf`` and ``conf.DB_URI``): the receiver is
known to be that class's instance, whatever the name says.  The same name read on another
object (an instance of another module, an unrelated class's attribute, a local of the same
name) is not the property's."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n"
           "  web:\n    build: .\n    env_file: .env\n    command: uvicorn svc.server:api --host 0.0.0.0\n"
           "  store:\n    image: postgres:16\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /w\nCOPY svc/ ./svc/\n"
ENV = "STORE_HOST=localhost\nSTORE_PORT=5432\n"
CONF = '''from pydantic_settings import BaseSettings


class AppConf(BaseSettings):
    STORE_HOST: str
    STORE_PORT: int

    @property
    def DB_URI(self) -> str:
        return f"postgresql+asyncpg://u:p@{self.STORE_HOST}:{self.STORE_PORT}/shop"


conf = AppConf()
'''
ENGINE = '''from sqlalchemy.ext.asyncio import create_async_engine

from svc.conf import conf

engine = create_async_engine(conf.DB_URI)
'''
SERVER = "from fastapi import FastAPI\n\nfrom svc.engine import engine\n\napi = FastAPI()\n"


def findings(tmp_path: Path, engine: str = ENGINE, extra: dict[str, str] | None = None) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, ".env": ENV, "svc/__init__.py": "",
                    "svc/conf.py": CONF, "svc/engine.py": engine, "svc/server.py": SERVER, **(extra or {})}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_the_property_read_on_the_imported_instance_reaches_the_sink(tmp_path):
    assert findings(tmp_path) == [(".env", 1, "DW101")]


def test_a_relative_import_of_the_instance_is_the_same(tmp_path):
    assert findings(tmp_path, ENGINE.replace("from svc.conf import conf", "from .conf import conf")) \
        == [(".env", 1, "DW101")]


def test_the_same_name_on_another_modules_object_is_not_the_property(tmp_path):
    other = '''class Legacy:
    DB_URI = "postgresql://u:p@store:5432/shop"


conf = Legacy()
'''
    engine = ENGINE.replace("from svc.conf import conf", "from svc.legacy import conf")
    assert findings(tmp_path, engine, {"svc/legacy.py": other}) == []


def test_a_local_of_the_instances_name_is_not_the_instance(tmp_path):
    engine = '''from sqlalchemy.ext.asyncio import create_async_engine

from svc import conf as conf_module


def build(conf):
    return create_async_engine(conf.DB_URI)


engine = build(conf_module)
'''
    assert findings(tmp_path, engine) == []
