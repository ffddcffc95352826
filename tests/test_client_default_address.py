"""A client given no address dials its library's default (``rules/clients.yaml`` default_host
on a connect entry): ``redis.Redis()`` dials localhost:6379 and ``pymongo.MongoClient()``
localhost:27017, which inside a container is the container itself, as if the host were written
out.  The finding is on the call, with the default in its message, and has no fix (no host is
written to replace).  Not where the address is given another way (a host, a URL, a connection
pool, a Unix socket, ``**options``), where nothing reads the lazy client, or where the
container starts the server itself."""
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
    command: {command}
  redis:
    image: redis:7
  mongo:
    image: mongo:7
"""

MAIN = """\
import os

import redis
from pymongo import MongoClient

{line}


if __name__ == "__main__":
    {use}
"""


def _findings(tmp_path: Path, line: str, use: str = "client.ping()", command: str = "python -m app.main"):
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(command=command),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/main.py": MAIN.format(line=line, use=use),
    }, git=True)
    return list(run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("line, target", [
    ("client = redis.Redis(decode_responses=True)", "redis:6379"),
    ("client = redis.StrictRedis(db=1)", "redis:6379"),
    ("client = MongoClient(tz_aware=True)", "mongo:27017"),
])
def test_a_client_given_no_address_dials_its_default(tmp_path, line, target):
    found = _findings(tmp_path, line)
    assert [(f.code, f.span.line) for f in found] == [("DW101", 6)]
    f = found[0]
    assert "given no host, dials `localhost:" in f.message and f"use `{target}`" in f.message
    assert f.fix is None  # nothing written to replace
    assert f.evidence is not None and f.evidence.kind.endswith("(default)")


@pytest.mark.parametrize("line", [
    'client = redis.Redis(host=os.environ["REDIS_HOST"])',
    'client = redis.Redis(os.environ["REDIS_HOST"], 6379)',
    'client = redis.Redis(connection_pool=redis.ConnectionPool.from_url(os.environ["REDIS_URL"]))',
    'client = redis.Redis(unix_socket_path="/run/redis/redis.sock")',
    "client = redis.Redis(**{'host': os.environ['REDIS_HOST']})",
    'client = MongoClient(os.environ["MONGO_URL"])',
    # a classmethod constructor reached through a throwaway instance: its own URL is dialled
    'client = redis.StrictRedis().from_url(os.environ["REDIS_URL"])',
])
def test_an_address_given_another_way_is_no_default(tmp_path, line):
    assert _findings(tmp_path, line) == []


def test_a_lazy_client_nothing_reads_dials_nothing(tmp_path):
    # kept in a class attribute that nothing the container runs reads (redis-py connects on
    # its first command)
    line = "class Store:\n    client = redis.Redis()"
    assert _findings(tmp_path, line, use="print('idle')") == []


def test_a_container_that_starts_the_server_itself(tmp_path):
    command = 'sh -c "redis-server --daemonize yes && python -m app.main"'
    assert _findings(tmp_path, "client = redis.Redis()", command=command) == []


def test_pika_connection_parameters_given_no_host(tmp_path):
    make(tmp_path, {
        "compose.yaml": "services:\n  consumer:\n    build: .\n    command: python consume.py\n"
                        "  rabbitmq:\n    image: rabbitmq:3\n",
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "consume.py": "import pika\n\nconnection = pika.BlockingConnection(pika.ConnectionParameters(heartbeat=30))\n"
                      "channel = connection.channel()\n",
    }, git=True)
    found = list(run_check([tmp_path], Config(cache=False)).active)
    assert [(f.code, f.span.line) for f in found] == [("DW101", 3)]
    assert "dials `localhost:5672`" in found[0].message and "use `rabbitmq:5672`" in found[0].message


def _one_file(tmp_path: Path, services: str, code: str):
    make(tmp_path, {
        "compose.yaml": "services:\n  app:\n    build: .\n    command: python run.py\n" + services,
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "run.py": code,
    }, git=True)
    return list(run_check([tmp_path], Config(cache=False)).active)


RABBIT = "  rabbitmq:\n    image: rabbitmq:3\n"
KAFKA = "  kafka:\n    image: bitnami/kafka:3.7\n"


@pytest.mark.parametrize("call", ["pika.BlockingConnection()", "pika.SelectConnection(on_open_callback=opened)"])
def test_a_pika_connection_given_no_parameters(tmp_path, call):
    # pika builds a default ConnectionParameters(): localhost:5672
    code = f"import pika\n\n\ndef opened(conn):\n    conn.channel()\n\n\nconnection = {call}\nconnection.channel()\n"
    found = _one_file(tmp_path, RABBIT, code)
    assert [(f.code, f.span.line) for f in found] == [("DW101", 8)]
    assert "dials `localhost:5672`" in found[0].message and "use `rabbitmq:5672`" in found[0].message


@pytest.mark.parametrize("call", ["pika.BlockingConnection(params)", "pika.BlockingConnection(parameters=params)",
                                  "pika.BlockingConnection([params])"])
def test_a_pika_connection_given_parameters_dials_what_they_say(tmp_path, call):
    code = ("import os\n\nimport pika\n\nparams = pika.URLParameters(os.environ['AMQP_URL'])\n"
            f"connection = {call}\nconnection.channel()\n")
    assert _one_file(tmp_path, RABBIT, code) == []


@pytest.mark.parametrize("line", [
    "producer = KafkaProducer(acks='all')",
    "producer = KafkaConsumer('events', group_id='billing')",  # its first arguments are topics
    "producer = AIOKafkaProducer()",
])
def test_a_kafka_client_given_no_bootstrap_servers(tmp_path, line):
    # kafka-python's and aiokafka's bootstrap_servers default to "localhost" (port 9092)
    code = f"from aiokafka import AIOKafkaProducer\nfrom kafka import KafkaConsumer, KafkaProducer\n\n{line}\nproducer.close()\n"
    found = _one_file(tmp_path, KAFKA, code)
    assert [(f.code, f.span.line) for f in found] == [("DW101", 4)]
    assert "dials `localhost:9092`" in found[0].message and "use `kafka:9092`" in found[0].message


@pytest.mark.parametrize("line", [
    "producer = KafkaProducer(bootstrap_servers=os.environ['KAFKA_BOOTSTRAP_SERVERS'])",
    "producer = KafkaConsumer('kafak', bootstrap_servers=os.environ['KAFKA_BOOTSTRAP_SERVERS'])",
    "producer = AIOKafkaConsumer('kafak', bootstrap_servers=os.environ['KAFKA_BOOTSTRAP_SERVERS'])",
    "producer = KafkaProducer(**settings)",
])
def test_a_kafka_client_given_its_servers(tmp_path, line):
    # a consumer's topic is no address, even one a letter from a service's name
    code = ("import os\n\nfrom aiokafka import AIOKafkaConsumer\nfrom kafka import KafkaConsumer, KafkaProducer\n\n"
            f"settings = {{'bootstrap_servers': os.environ['KAFKA_BOOTSTRAP_SERVERS']}}\n{line}\nproducer.close()\n")
    assert _one_file(tmp_path, KAFKA, code) == []
