"""One ``.env`` shared by two applications of a repository, each reading its own part through
pydantic-settings classes with its own ``env_prefix``: a nested variable of the other
application's part (``SHOP__DB__URL`` in a container whose settings all take ``FEED__``) is read
nowhere there, so the service it names is no DW104 for that container; nor is a plain name
that no library the container imports reads.  A settings class without a prefix, code that
names the variable, or a plain name a library it imports reads by its documented spelling
keeps the container judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  shop:
    build: ./shop
    command: python main.py
    env_file: .env
    networks: [orders]
  shop-db:
    image: postgres:16
    networks: [orders]
  feed:
    build: ./feed
    command: python main.py
    env_file: .env
    networks: [stream]
networks:
  orders:
  stream:
"""
SHOP = """\
from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import create_engine


class Db(BaseModel):
    url: str


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOP__", env_nested_delimiter="__")
    db: Db


engine = create_engine(Settings().db.url)
"""
FEED_PREFIXED = """\
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FEED__", env_nested_delimiter="__")
    interval: int = 60


print(Settings().interval)
"""
FEED_UNPREFIXED = FEED_PREFIXED.replace('env_prefix="FEED__", ', "")
FEED_NAMING = FEED_PREFIXED + 'import os\nfrom sqlalchemy import create_engine\ncreate_engine(os.environ["SHOP__DB__URL"])\n'
NESTED = "SHOP__DB__URL=postgresql://shop:pw@shop-db:5432/shop\n"
PLAIN = "SHOP_DB_URL=postgresql://shop:pw@shop-db:5432/shop\n"
LIBRARY = "DATABASE_URL=postgresql://shop:pw@shop-db:5432/shop\n"
FEED_LIBRARY = FEED_PREFIXED + "import dj_database_url\nDB = dj_database_url.config()\n"


def _found(tmp_path: Path, feed: str, env: str = NESTED) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "shop/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "shop/main.py": SHOP,
        "feed/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "feed/main.py": feed,
        ".env": env,
    }, git=True)
    return [(f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_another_applications_nested_variable_is_read_nowhere(tmp_path):
    assert _found(tmp_path, FEED_PREFIXED) == []


def test_a_plain_name_no_library_there_reads_is_read_nowhere(tmp_path):
    # pydantic-settings with the FEED__ prefix composes no SHOP_DB_URL, and no library the
    # feed imports reads it by that spelling (flow/libreaders.py)
    assert _found(tmp_path, FEED_PREFIXED, PLAIN) == []


@pytest.mark.parametrize("feed, env", [
    (FEED_UNPREFIXED, NESTED),  # no prefix: its fields may compose any name
    (FEED_NAMING, NESTED),      # the code names (and dials) the variable
    (FEED_LIBRARY, LIBRARY),    # a plain name a library it imports reads by that spelling
])
def test_the_container_may_read_it(tmp_path, feed, env):
    assert _found(tmp_path, feed, env) == [("DW104", ("feed",))]
