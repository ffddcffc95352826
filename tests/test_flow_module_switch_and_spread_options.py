"""A backend chosen by a module constant, and options handed on as ``**mapping``.

``queue/config.py`` reads ``QUEUE_TYPE = os.environ.get("QUEUE_TYPE", "memory").lower()`` and
``KAFKA_SERVERS = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")``; the manager does
``from queue_app import config`` and builds the Kafka queue only under ``if config.QUEUE_TYPE ==
"kafka":``, passing its options as ``KafkaQueue(**options)``, whose ``__init__`` hands
``bootstrap_servers`` to ``aiokafka.AIOKafkaProducer``.

- The switch is read through the module (``config.QUEUE_TYPE``): a container that leaves
  QUEUE_TYPE unset runs the in-memory queue, and the Kafka address is dialled nowhere there.
- The container that sets QUEUE_TYPE=kafka dials it: the finding stays, and its evidence is the
  producer the option reaches through ``**options``, not the variable's name.
- ``**options`` alone carries a plain literal to the producer too (no name to go by).
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = """\
import os

QUEUE_TYPE = os.environ.get("QUEUE_TYPE", "memory").lower()
KAFKA_SERVERS = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
"""

MANAGER = """\
from queue_app import config
from queue_app.kafka_queue import KafkaQueue
from queue_app.memory_queue import MemoryQueue


def make_queue():
    if config.QUEUE_TYPE == "kafka":
        options = {
            "bootstrap_servers": config.KAFKA_SERVERS,
            "topic": "events",
        }
        return KafkaQueue(**options)
    return MemoryQueue()
"""

KAFKA_QUEUE = """\
import aiokafka


class KafkaQueue:
    def __init__(self, bootstrap_servers, topic):
        self.topic = topic
        self.producer = aiokafka.AIOKafkaProducer(bootstrap_servers=bootstrap_servers)
"""

MEMORY_QUEUE = "class MemoryQueue:\n    pass\n"

APP = """\
from fastapi import FastAPI

from queue_app.manager import make_queue

app = FastAPI()
queue = make_queue()
"""

COMPOSE = """\
services:
  api:
    build: .
    command: uvicorn main:app --host 0.0.0.0
{environment}
"""


def _findings(tmp_path: Path, environment: str = "", manager: str = MANAGER):
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(environment=environment),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "main.py": APP,
        "queue_app/__init__.py": "",
        "queue_app/config.py": CONFIG,
        "queue_app/manager.py": manager,
        "queue_app/kafka_queue.py": KAFKA_QUEUE,
        "queue_app/memory_queue.py": MEMORY_QUEUE,
    }, git=True)
    return [f for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"]


def test_a_backend_the_module_switch_leaves_off_is_dialled_nowhere(tmp_path):
    assert _findings(tmp_path) == []


def test_the_container_that_switches_it_on_dials_it(tmp_path):
    found = _findings(tmp_path, environment="    environment:\n      QUEUE_TYPE: kafka")
    assert [(f.span.path, f.target_port) for f in found] == [("queue_app/config.py", 9092)]
    assert found[0].evidence.kind.startswith("aiokafka.AIOKafkaProducer")


def test_options_spread_into_a_constructor_reach_its_client(tmp_path):
    manager = """\
from queue_app.kafka_queue import KafkaQueue


def make_queue():
    options = {"bootstrap_servers": "localhost:9092", "topic": "events"}
    return KafkaQueue(**options)
"""
    found = _findings(tmp_path, manager=manager)
    assert [(f.span.path, f.target_port) for f in found] == [("queue_app/manager.py", 9092)]
