"""The MinIO client image (``minio/mc``) run as a one-shot bucket setup reads only
``MC_HOST_<alias>`` as an address: the application's shared ``.env`` handed to it (a database
host the client shares no network with) is dialled nowhere there.  Its own ``MC_HOST_*``
alias, and the same shared variables given to an image dockwise does not know, stay judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
    command: python app.py
    env_file: .env
    networks: [back]
  ledger-db:
    image: postgres:16
    networks: [back]
  objects:
    image: minio/minio
    command: server /data
    networks: [store]
  buckets:
    image: {image}
    env_file: .env
{extra}    entrypoint: >
      /bin/sh -c "mc alias set local http://objects:9000 key secret; mc mb local/media; exit 0"
    networks: [store]
networks:
  back:
  store:
"""
APP = """\
import os

import psycopg2

conn = psycopg2.connect(host=os.environ["LEDGER_DB_HOST"], port=int(os.environ["LEDGER_DB_PORT"]), dbname="ledger")
"""


def _found(tmp_path: Path, image: str, extra: str = "") -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(image=image, extra=extra),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "app.py": APP,
        ".env": "LEDGER_DB_HOST=ledger-db\nLEDGER_DB_PORT=5432\n",
    }, git=True)
    return [(f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("image", ["minio/mc", "minio/mc:RELEASE.2024-01-01T00-00-00Z", "bitnami/minio-client"])
def test_the_minio_client_reads_none_of_the_shared_settings(tmp_path, image):
    assert _found(tmp_path, image) == []


def test_an_unknown_image_given_the_shared_settings_is_still_judged(tmp_path):
    assert _found(tmp_path, "example/uploader:1") == [("DW104", ("buckets",))]


def test_the_clients_own_alias_variable_is_still_judged(tmp_path):
    extra = "    environment:\n      MC_HOST_backup: http://key:secret@ledger-db:9000\n"
    assert ("DW104", ("buckets",)) in _found(tmp_path, "minio/mc", extra)
