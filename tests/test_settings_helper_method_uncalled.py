"""A settings class (a ``BaseSettings`` subclass) is no framework that calls its methods by
itself: pydantic fills its fields, and an undecorated helper method of it
(``def queue_hosts(self): return self.queue_servers.split(",")``) runs only where code writes
its name.  So a strong-named variable the class reads into a field that only such a helper
reads is dialled nowhere in a container whose code never calls the helper: it is no evidence
that the container bootstraps from the address its environment gives (no DW101 on the value,
no DW109 on the broker that advertises a loopback host for clients on the Docker host).  A
container whose code calls the helper keeps both findings, and the hooks pydantic-settings
calls by their names (``settings_customise_sources``, ``model_post_init``) stay live."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  broker:
    image: bitnami/kafka:3.7
    ports:
      - "9092:9092"
    environment:
      KAFKA_CFG_LISTENERS: EXTERNAL://:9092,INNER://:29092
      KAFKA_CFG_ADVERTISED_LISTENERS: EXTERNAL://localhost:9092,INNER://broker:29092
  web:
    build: .
    command: python -m shop.web
    env_file: .env.stack
  collector:
    build: .
    command: python -m shop.collector
    env_file: .env.stack
"""

ENV = "QUEUE_BOOTSTRAP_SERVERS=broker:9092\nSTORE_DSN=postgresql://app@localhost:5432/app\n"

SETTINGS = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    queue_bootstrap_servers: str = "localhost:9092"
    store_dsn: str = "postgresql://app@localhost:5432/app"

    def queue_hosts(self):
        return [s.strip() for s in self.queue_bootstrap_servers.split(",")]

    def store_address(self):
        return self.store_dsn.strip()
{extra}

settings = Settings()
"""

WEB = """\
from shop.config import settings


def main():
    print("serving", settings.model_config)


if __name__ == "__main__":
    main()
"""

COLLECTOR = """\
from kafka import KafkaConsumer
import psycopg2

from shop.config import settings


def main():
    consumer = KafkaConsumer("events", bootstrap_servers=settings.queue_hosts())
    psycopg2.connect(settings.store_address())
    for message in consumer:
        print(message)


if __name__ == "__main__":
    main()
"""


def _findings(tmp_path: Path, extra: str = "", collector: str = COLLECTOR):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        ".env.stack": ENV,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "shop/__init__.py": "",
        "shop/config.py": SETTINGS.format(extra=extra),
        "shop/web.py": WEB,
        "shop/collector.py": collector,
    }, git=True)
    return run_check([tmp_path], Config()).findings


def _by(findings, code: str) -> set[tuple[str, str]]:
    return {(f.code, s) for f in findings if f.code == code for s in f.services}


def test_helper_called_only_in_one_container(tmp_path: Path) -> None:
    found = _findings(tmp_path)
    # the collector calls both helpers: its environment's addresses are dialled there
    assert ("DW101", "collector") in _by(found, "DW101")
    assert ("DW109", "broker") in _by(found, "DW109")
    # the web container never calls them: the helpers' reads do not run there
    assert ("DW101", "web") not in _by(found, "DW101")


def test_no_container_calls_the_helpers(tmp_path: Path) -> None:
    found = _findings(tmp_path, collector=WEB)
    assert not [f for f in found if f.code in ("DW101", "DW109")], [f.message for f in found]


def test_hook_pydantic_calls_by_name_stays_live(tmp_path: Path) -> None:
    hook = """
    def model_post_init(self, __context):
        import psycopg2
        psycopg2.connect(self.store_dsn)
"""
    found = _findings(tmp_path, extra=hook, collector=WEB)
    assert {("DW101", "web"), ("DW101", "collector")} <= _by(found, "DW101")
