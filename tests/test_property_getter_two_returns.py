"""A settings field read twice in one property getter (``return self.URL.replace(...)`` under
``if self.SECRET:``, then ``return self.URL``) is dialled where the property is read, by each
return with its own branch: the second read's climb joins the path the first one followed,
and is followed again with its own path instead of counting as a read that ends where we
cannot follow (which dialled the field by its name in every container importing the settings,
a migration job that never opens the cache among them)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n"
           "  api:\n    build: .\n    command: uvicorn shop.server:api --host 0.0.0.0\n"
           "  setup:\n    build: .\n    command: python -m shop.prepare\n"
           "  kv:\n    image: redis:7\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /w\nCOPY shop/ ./shop/\n"
CONF = '''from typing import Optional

from pydantic_settings import BaseSettings


class Conf(BaseSettings):
    KV_URL: str = "redis://localhost:6379/0"
    KV_SECRET: Optional[str] = None

    @property
    def kv_url_signed(self) -> str:
        if self.KV_SECRET:
            return self.KV_URL.replace("redis://", f"redis://:{self.KV_SECRET}@")
        return self.KV_URL


conf = Conf()
'''
STORE = '''from redis import asyncio as aioredis

from shop.conf import conf


class Store:
    def __init__(self):
        self.client = None

    async def open(self):
        self.client = await aioredis.from_url(conf.kv_url_signed)


store = Store()
'''
SERVER = '''from fastapi import FastAPI

from shop.store import store

api = FastAPI()


@api.on_event("startup")
async def start():
    await store.open()
'''
PREPARE = "from shop.conf import conf\n\nprint(conf.KV_SECRET)\n"


def findings(tmp_path: Path, conf: str = CONF) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "shop/__init__.py": "",
                    "shop/conf.py": conf, "shop/store.py": STORE, "shop/server.py": SERVER,
                    "shop/prepare.py": PREPARE}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code, tuple(f.services)) for f in result.active)


def test_only_the_container_reading_the_property_dials_the_field(tmp_path):
    assert findings(tmp_path) == [("shop/conf.py", 7, "DW101", ("api",))]


def test_one_return_is_the_same(tmp_path):
    one = CONF.replace('''        if self.KV_SECRET:
            return self.KV_URL.replace("redis://", f"redis://:{self.KV_SECRET}@")
''', "")
    assert findings(tmp_path, one) == [("shop/conf.py", 7, "DW101", ("api",))]


# an attribute set from an environment read whose default is its own value, then read in
# several places: following a read again adds sinks only, it does not take the environment
# read's default for the operator's fallback of the whole query
RELAY_COMPOSE = ("services:\n"
                 "  api:\n    build: .\n    command: uvicorn shop.server:api --host 0.0.0.0\n"
                 "    environment:\n      - RELAY_URL=http://host.docker.internal:9100\n")
RELAY_CONF = '''import os
from typing import Optional

from pydantic_settings import BaseSettings


class Conf(BaseSettings):
    relay_url: Optional[str] = "https://relay.example.org"


conf = Conf()
conf.relay_url = os.getenv("RELAY_URL", conf.relay_url)
'''
RELAY = '''import httpx

from shop.conf import conf


async def forward(path, body):
    if not conf.relay_url:
        raise RuntimeError("no relay")
    target = conf.relay_url.rstrip("/") + path
    async with httpx.AsyncClient() as client:
        return await client.post(target, json=body)
'''
RELAY_SERVER = '''from fastapi import FastAPI

from shop.relay import forward

api = FastAPI()


@api.post("/hook")
async def hook(body: dict):
    await forward("/in", body)
'''


def test_an_attribute_defaulting_to_its_own_value_keeps_its_dial(tmp_path):
    make(tmp_path, {"compose.yaml": RELAY_COMPOSE, "Dockerfile": DOCKERFILE, "shop/__init__.py": "",
                    "shop/conf.py": RELAY_CONF, "shop/relay.py": RELAY, "shop/server.py": RELAY_SERVER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    assert sorted((f.span.path, f.code) for f in result.active) == [("compose.yaml", "DW106")]
