"""Clients whose whole traffic goes to an address handed over at construction.

nameko's standalone RPC proxies (``ClusterRpcProxy(config)``, ``ServiceRpcProxy(service, config)``
of ``nameko.standalone.rpc``, and the ``event_dispatcher(config)`` of ``nameko.standalone.events``)
connect to the AMQP broker named by the ``AMQP_URI`` key of the configuration mapping they take
(nameko 2.x; the 3.x release candidates' ``ClusterRpcClient(uri=...)`` to its ``uri``): a Flask
or FastAPI gateway beside a ``rabbitmq`` service that writes ``amqp://...@localhost`` there dials
its own container.  PyCookieCloud's ``PyCookieCloud(url, uuid, password)`` sends every
request to the CookieCloud server at ``url``."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  gateway:
    build: .
    command: python main.py
  rabbitmq:
    image: rabbitmq:3-management
    expose:
      - "5672"
  cookies:
    image: easychen/cookiecloud:latest
    expose:
      - "8088"
"""


def _findings(tmp_path: Path, code: str) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app/\n",
        "main.py": code,
    }, git=True)
    return [(f.code, f.span.line, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("call", [
    "ClusterRpcProxy(CONFIG)",
    "ClusterRpcProxy(config=CONFIG)",
    "ServiceRpcProxy('orders', CONFIG)",
])
def test_a_nameko_rpc_proxy_given_a_loopback_broker_dials_itself(tmp_path, call):
    code = ("from nameko.standalone.rpc import ClusterRpcProxy, ServiceRpcProxy\n\n"
            "CONFIG = {'AMQP_URI': 'amqp://guest:guest@localhost:5672/'}\n\n"
            f"with {call} as rpc:\n    rpc.orders.list()\n")
    assert _findings(tmp_path, code) == [("DW101", 3, "rabbitmq:5672")]


def test_a_nameko_3_rpc_client_given_a_loopback_broker_dials_itself(tmp_path):
    code = ("from nameko.standalone.rpc import ClusterRpcClient\n\n"
            "client = ClusterRpcClient(uri='pyamqp://guest:guest@localhost')\n"
            "client.start().orders.list()\n")
    assert _findings(tmp_path, code) == [("DW101", 3, "rabbitmq:5672")]


def test_a_nameko_event_dispatcher_given_a_loopback_broker_dials_itself(tmp_path):
    code = ("from nameko.standalone.events import event_dispatcher\n\n"
            "dispatch = event_dispatcher({'AMQP_URI': 'pyamqp://guest:guest@127.0.0.1:5672'})\n"
            "dispatch('orders', 'created', {'id': 1})\n")
    assert _findings(tmp_path, code) == [("DW101", 3, "rabbitmq:5672")]


@pytest.mark.parametrize("call", ["PyCookieCloud('http://127.0.0.1:8088', UUID, PASSWORD)",
                                  "PyCookieCloud(url='http://localhost:8088', uuid=UUID, password=PASSWORD)"])
def test_a_cookiecloud_client_given_loopback_dials_itself(tmp_path, call):
    code = ("from PyCookieCloud import PyCookieCloud\n\nUUID, PASSWORD = 'u', 'p'\n"
            f"cloud = {call}\nprint(cloud.get_decrypted_data())\n")
    assert _findings(tmp_path, code) == [("DW101", 4, "cookies:8088")]


@pytest.mark.parametrize("code", [
    "from nameko.standalone.rpc import ClusterRpcProxy\n\n"
    "with ClusterRpcProxy({'AMQP_URI': 'amqp://guest:guest@rabbitmq:5672/'}) as rpc:\n    rpc.orders.list()\n",
    # a key that names no address is an option of the proxy, not a broker
    "from nameko.standalone.rpc import ClusterRpcProxy\n\n"
    "with ClusterRpcProxy({'AMQP_URI': 'amqp://rabbitmq', 'rpc_exchange': 'localhost'}) as rpc:\n"
    "    rpc.orders.list()\n",
    "from PyCookieCloud import PyCookieCloud\n\nPyCookieCloud('http://cookies:8088', 'u', 'p').get_decrypted_data()\n",
])
def test_clients_given_the_service_are_silent(tmp_path, code):
    assert _findings(tmp_path, code) == []


def test_a_broker_default_the_service_replaces_is_silent(tmp_path):
    make(tmp_path, {"compose.override.yaml": "services:\n  gateway:\n    environment:\n"
                                             "      AMQP_URI: amqp://guest:guest@rabbitmq:5672/\n"})
    code = ("import os\nfrom nameko.standalone.rpc import ClusterRpcProxy\n\n"
            "CONFIG = {'AMQP_URI': os.environ.get('AMQP_URI', 'amqp://guest:guest@localhost')}\n\n"
            "with ClusterRpcProxy(CONFIG) as rpc:\n    rpc.orders.list()\n")
    assert _findings(tmp_path, code) == []


def test_the_same_default_without_the_variable_is_found(tmp_path):
    code = ("import os\nfrom nameko.standalone.rpc import ClusterRpcProxy\n\n"
            "CONFIG = {'AMQP_URI': os.environ.get('AMQP_URI', 'amqp://guest:guest@localhost')}\n\n"
            "with ClusterRpcProxy(CONFIG) as rpc:\n    rpc.orders.list()\n")
    assert _findings(tmp_path, code) == [("DW101", 4, "rabbitmq:5672")]
