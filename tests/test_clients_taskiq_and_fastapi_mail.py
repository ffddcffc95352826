"""taskiq's Redis brokers and result backend (taskiq-redis) and its AMQP broker
(taskiq-aio-pika) dial the URL they are given; fastapi-mail's ``ConnectionConfig`` holds the
SMTP server ``FastMail`` dials (``MAIL_SERVER`` at ``MAIL_PORT``).  A loopback address there
in a container is the container itself."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_COMPOSE = ("services:\n  jobs:\n    build: .\n    command: taskiq worker pkg.tasks:broker\n"
            "  kv:\n    image: redis:7\n  mq:\n    image: rabbitmq:3\n"
            "  web:\n    build: .\n    command: uvicorn pkg.web:app --host 0.0.0.0\n"
            "  outbox:\n    image: axllent/mailpit\n")


def _findings(tmp_path: Path, tasks: str, web: str = "app = 1\n") -> list[tuple[str, str | None, str]]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "pkg/__init__.py": "",
        "pkg/tasks.py": tasks,
        "pkg/web.py": web,
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None, f.span.path.rsplit("/", 1)[-1])
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("tasks", [
    'from taskiq_redis import ListQueueBroker\n\nbroker = ListQueueBroker("redis://localhost:6379/0")\n',
    'from taskiq_redis import RedisStreamBroker\n\nbroker = RedisStreamBroker(url="redis://127.0.0.1:6379")\n',
    ('from taskiq_redis import PubSubBroker, RedisAsyncResultBackend\n\n'
     'results = RedisAsyncResultBackend(redis_url="redis://localhost:6379/1")\n'
     'broker = PubSubBroker("redis://kv:6379/0").with_result_backend(results)\n'),
])
def test_a_loopback_redis_url_of_a_taskiq_broker_is_dialled(tmp_path, tasks):
    assert _findings(tmp_path, tasks) == [("DW101", "kv", "tasks.py")]


def test_a_loopback_amqp_url_of_a_taskiq_broker_is_dialled(tmp_path):
    tasks = 'from taskiq_aio_pika import AioPikaBroker\n\nbroker = AioPikaBroker("amqp://guest:guest@localhost:5672")\n'
    assert _findings(tmp_path, tasks) == [("DW101", "mq", "tasks.py")]


def test_a_broker_at_the_service_name_is_right(tmp_path):
    tasks = 'from taskiq_redis import ListQueueBroker\n\nbroker = ListQueueBroker(url="redis://kv:6379/0")\n'
    assert _findings(tmp_path, tasks) == []


_MAIL = ("from fastapi import FastAPI\nfrom fastapi_mail import ConnectionConfig, FastMail, MessageSchema\n\n"
         "conf = ConnectionConfig(MAIL_USERNAME=\"\", MAIL_PASSWORD=\"\", MAIL_FROM=\"a@example.org\",\n"
         "                        MAIL_SERVER=\"{host}\", MAIL_PORT=1025, MAIL_STARTTLS=False, MAIL_SSL_TLS=False)\n"
         "app = FastAPI()\n\n\n@app.post(\"/notify\")\nasync def notify():\n"
         "    await FastMail(conf).send_message(MessageSchema(subject=\"s\", recipients=[], body=\"b\", subtype=\"plain\"))\n")


def test_a_loopback_smtp_server_of_fastapi_mail_is_dialled(tmp_path):
    tasks = 'broker = None\n'
    assert _findings(tmp_path, tasks, _MAIL.replace("{host}", "localhost")) == [("DW101", "outbox", "web.py")]


def test_the_mail_service_name_is_right(tmp_path):
    assert _findings(tmp_path, "broker = None\n", _MAIL.replace("{host}", "outbox")) == []
