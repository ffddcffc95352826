"""A dataclass field whose default every construction replaces right after building the
object (``cfg = SinkConfig()`` then ``cfg.bootstrap_servers = args.servers`` in the same block, before
anything else uses ``cfg``) never runs with that default: the assignment gives the field as
``SinkConfig(bootstrap_servers=...)`` would.  Where the object is used first, or the assignment sits
in a branch, the default may still be dialled and stays a target."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  feed:\n    build: .\n    command: python -m feed --servers queue:9092\n"
           "  queue:\n    image: apache/kafka:3.7.0\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
CONFIG = '''\
from dataclasses import dataclass


@dataclass
class SinkConfig:
    topic: str = "events"
    bootstrap_servers: str = "localhost:9092"
'''
MAIN = '''\
import argparse

from kafka import KafkaProducer

from feed.config import SinkConfig


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--servers", required=True)
    args = parser.parse_args()
    cfg = SinkConfig()
{between}{assign}    producer = KafkaProducer(bootstrap_servers=cfg.bootstrap_servers)
    producer.send(cfg.topic, b"up")


main()
'''
SET = "    cfg.bootstrap_servers = args.servers\n"


def flagged(tmp_path: Path, between: str = "", assign: str = SET) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "feed/__init__.py": "",
                    "feed/config.py": CONFIG,
                    "feed/__main__.py": MAIN.format(between=between, assign=assign)}, git=True)
    res = run_check([tmp_path], Config(cache=False))
    return [(f.span.path, f.span.line, f.code) for f in res.active]


def test_field_set_right_after_construction_is_dead(tmp_path):
    assert flagged(tmp_path) == []


def test_other_fields_set_before_it_keep_it_dead(tmp_path):
    assert flagged(tmp_path, between='    cfg.topic = "audit"\n') == []


def test_field_never_set_is_reported(tmp_path):
    # recall guard: nothing replaces the default
    assert flagged(tmp_path, assign="") == [("feed/config.py", 7, "DW101")]


def test_object_used_before_the_assignment_is_reported(tmp_path):
    # recall guard: the object is handed on (and may dial) before its field is set
    between = "    KafkaProducer(bootstrap_servers=cfg.bootstrap_servers).flush()\n"
    assert flagged(tmp_path, between=between) == [("feed/config.py", 7, "DW101")]


def test_assignment_in_a_branch_is_reported(tmp_path):
    # recall guard: the default stays where the branch does not run
    assign = "    if args.servers:\n        cfg.bootstrap_servers = args.servers\n"
    assert flagged(tmp_path, assign=assign) == [("feed/config.py", 7, "DW101")]
