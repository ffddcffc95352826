"""A loopback address no service of the layout serves is presumably a server on the Docker
host, and where that server listens on the host's loopback alone by default the message says
what it needs (``rules/hosts.yaml`` loopback_servers, chosen by port: MongoDB at 27017).  The
protocol of the client that dials the value decides which server that is: a bare ``host:port``
handed to an Elasticsearch client speaks Elasticsearch's protocol (``rules/clients.yaml``
scheme) at whatever port, so the MongoDB advice is wrong there; a MongoDB client keeps it."""
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
    command: python -m app.main
"""
COMPOSE_ENV = """\
    environment:
      STORE_ADDR: "localhost:27017"
"""

MAIN = """\
import os

from {module} import {client}

store = {client}(os.environ.get("STORE_ADDR", "localhost:27017"))


if __name__ == "__main__":
    print(store.{probe}())
"""


def _messages(tmp_path: Path, module: str, client: str, probe: str, env: str = COMPOSE_ENV) -> list[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE + env,
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/main.py": MAIN.format(module=module, client=client, probe=probe),
    }, git=True)
    return [f.message for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"]


def test_an_elasticsearch_client_at_mongodbs_port_gets_no_mongodb_advice(tmp_path):
    messages = _messages(tmp_path, "elasticsearch", "Elasticsearch", "info")
    assert len(messages) == 1 and "host.docker.internal:27017" in messages[0]
    assert "MongoDB" not in messages[0] and "bindIp" not in messages[0]


def test_a_mongodb_client_keeps_it(tmp_path):
    messages = _messages(tmp_path, "pymongo", "MongoClient", "server_info")
    assert len(messages) == 1 and "net.bindIp" in messages[0]


@pytest.mark.parametrize("module, client, probe, advice", [
    ("elasticsearch", "Elasticsearch", "info", False),
    ("pymongo", "MongoClient", "server_info", True),
])
def test_the_same_for_an_address_written_in_the_code(tmp_path, module, client, probe, advice):
    messages = _messages(tmp_path, module, client, probe, env="")
    assert len(messages) == 1 and ("net.bindIp" in messages[0]) is advice
