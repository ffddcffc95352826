"""The edoburu PgBouncer image reads only ``DATABASE_URL`` (or ``DB_HOST`` and its siblings) as
the address of the server it pools for (the image's README): the application's shared ``.env``
handed to it (a cache and an object store URL written for a run on the host) is dialled nowhere
there.  The pooler's own ``DATABASE_URL`` (at the published port), and the app that reads the same file, stay judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: python app.py
    env_file: .env
    environment:
      CACHE_URL: redis://cache:6379/0
      AWS_S3_ENDPOINT_URL: http://blobs:9000
  pool:
    image: {image}
    env_file: .env
    environment:
      DATABASE_URL: {database_url}
  cache:
    image: redis:7
  ledger:
    image: postgres:16
    ports: ["15432:5432"]
  blobs:
    image: minio/minio
    command: server /data
"""
APP = """\
import os

import redis

r = redis.Redis.from_url(os.environ["CACHE_URL"])
"""
ENV = "CACHE_URL=redis://localhost:6379/0\nAWS_S3_ENDPOINT_URL=http://localhost:9000\n"


def _found(tmp_path: Path, image: str, database_url: str = "postgres://u:p@ledger:5432/app"
           ) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(image=image, database_url=database_url),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "app.py": APP,
        ".env": ENV,
    }, git=True)
    return [(f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("image", ["edoburu/pgbouncer", "edoburu/pgbouncer:v1.25.1-p0"])
def test_the_pooler_reads_none_of_the_shared_settings(tmp_path, image):
    assert _found(tmp_path, image) == []


def test_an_unknown_image_given_the_shared_settings_is_still_judged(tmp_path):
    assert _found(tmp_path, "example/pooler:1") == [("DW101", ("pool",)), ("DW101", ("pool",))]


def test_the_poolers_own_database_url_is_still_judged(tmp_path):
    assert _found(tmp_path, "edoburu/pgbouncer", "postgres://u:p@ledger:15432/app") == [("DW103", ("pool",))]
