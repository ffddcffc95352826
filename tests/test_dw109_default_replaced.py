"""DW109 needs a client that bootstraps from the broker's loopback-advertised port.  The
default of an environment read (a settings field's default, ``os.getenv``'s second argument)
is no such client where the service sets the variable (the default never runs there) or where
its environment is unknown (an ``env_file`` absent from the tree may set it): the same rule that
keeps such a default from being judged as a target.  A service whose known environment leaves
the variable unset still bootstraps from the default, and a literal address given to a client
still counts."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_BROKER = """\
services:
  queue:
    image: confluentinc/cp-kafka:7.5.0
    ports: ["9092:9092"]
    environment:
      KAFKA_ADVERTISED_LISTENERS: HOSTSIDE://localhost:9092,NETSIDE://queue:29092
"""
_SETTINGS = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    STREAM_SERVERS: str = "queue:9092"


settings = Settings()
"""
_READER = """\
from kafka import KafkaConsumer

from conf import settings

consumer = KafkaConsumer("orders", bootstrap_servers=settings.STREAM_SERVERS)
for message in consumer:
    print(message)
"""
_GETENV = """\
import os

from kafka import KafkaConsumer

consumer = KafkaConsumer("orders", bootstrap_servers=os.getenv("STREAM_SERVERS", "queue:9092"))
for message in consumer:
    print(message)
"""


def _codes(tmp_path: Path, service: str, files: dict[str, str]) -> list[str]:
    make(tmp_path, {
        "compose.yaml": _BROKER + service,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        **files,
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


_ABSENT_ENV = "  reader:\n    build: .\n    command: python read.py\n    env_file: [./secrets.env]\n"
_SETS_VAR = ("  reader:\n    build: .\n    command: python read.py\n"
             "    environment:\n      STREAM_SERVERS: queue:29092\n")
_KNOWN_UNSET = "  reader:\n    build: .\n    command: python read.py\n"


def test_settings_default_under_an_absent_env_file_is_no_client(tmp_path):
    assert _codes(tmp_path, _ABSENT_ENV, {"conf.py": _SETTINGS, "read.py": _READER}) == []


def test_getenv_default_under_an_absent_env_file_is_no_client(tmp_path):
    assert _codes(tmp_path, _ABSENT_ENV, {"read.py": _GETENV}) == []


def test_default_of_a_variable_the_service_sets_is_no_client(tmp_path):
    assert _codes(tmp_path, _SETS_VAR, {"read.py": _GETENV}) == []


def test_default_where_the_known_environment_leaves_it_unset_still_bootstraps(tmp_path):
    assert _codes(tmp_path, _KNOWN_UNSET, {"conf.py": _SETTINGS, "read.py": _READER}) == ["DW109"]


def test_literal_address_under_an_absent_env_file_still_bootstraps(tmp_path):
    literal = _GETENV.replace('os.getenv("STREAM_SERVERS", "queue:9092")', '"queue:9092"')
    assert _codes(tmp_path, _ABSENT_ENV, {"read.py": literal}) == ["DW109"]
