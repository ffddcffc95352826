"""A class field of a short name (``servers``, ``host``) is followed into another module only
where that module reads it on an object it builds as that class (``cfg = SinkConfig()``, then
``cfg.servers``): the read is typed by the construction, not matched by the name alone.  A
read of the same name on an object of another class is not this field's."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  feed:\n    build: .\n    command: python -m feed\n"
           "  queue:\n    image: apache/kafka:3.7.0\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
CONFIG = '''\
from dataclasses import dataclass


@dataclass
class SinkConfig:
    topic: str = "events"
    servers: str = "localhost:9092"


@dataclass
class Mirror:
    servers: str = "queue:9092"
'''
MAIN = '''\
from kafka import KafkaProducer

from feed.config import Mirror, SinkConfig


def main():
    cfg = {built}()
    keep = SinkConfig(topic="audit")
    producer = KafkaProducer(bootstrap_servers=cfg.servers)
    producer.send(keep.topic, b"up")


main()
'''


def flagged(tmp_path: Path, built: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "feed/__init__.py": "",
                    "feed/config.py": CONFIG, "feed/__main__.py": MAIN.format(built=built)}, git=True)
    res = run_check([tmp_path], Config(cache=False))
    return [(f.span.path, f.span.line, f.code) for f in res.active]


def test_short_field_read_on_an_instance_built_here_is_dialled(tmp_path):
    assert flagged(tmp_path, "SinkConfig") == [("feed/config.py", 7, "DW101")]


def test_same_name_read_on_another_class_is_not_this_field(tmp_path):
    # precision guard: `cfg` is a Mirror; SinkConfig's `servers` is never read
    assert flagged(tmp_path, "Mirror") == []
