"""A consumer script that imports the web application's module for a helper (``from
app.main import prepare_store``) and starts no server receives no request: what only a request
or the server's start runs is not judged in its container.  That holds for

- an AMQP queue bound to an exchange (aio-pika's ``queue = await channel.declare_queue(...)``,
  ``await queue.bind(exchange)``): a binding on the broker, no socket's ``bind``;
- a FastAPI startup hook (``@app.on_event("startup")``), which the server's lifespan runs;
- a dependency a route handler's header hands to ``Depends(...)``, resolved per request;
- a route handler another route handler calls as a helper, where that one is not called;
- a route handler whose name is only a method of another object (``client.find(...)``).

The web container keeps each finding, and so does the consumer where it calls the hook or the
outer handler by name, or binds a listening socket of its own."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SEARCH = (
    "import os\n\nfrom elasticsearch import Elasticsearch\n\n"
    "INDEX_URL = os.getenv(\"INDEX_URL\", \"http://localhost:9200\")\n\n\n"
    "async def open_index():\n    return Elasticsearch(INDEX_URL)\n"
)

ROUTE = "@app.get(\"/find\")\nasync def find():\n    return await open_index()\n"

PLAIN_LISTENER = (
    "import asyncio\n\nfrom app.main import prepare_store\n\n\n"
    "async def consume():\n    await prepare_store()\n\n\n"
    "if __name__ == \"__main__\":\n    asyncio.run(consume())\n"
)

AMQP_LISTENER = (
    "import asyncio\n\nfrom aio_pika import connect_robust\n\nfrom app.main import prepare_store\n\n\n"
    "async def consume():\n    await prepare_store()\n"
    "    connection = await connect_robust(\"amqp://guest:guest@broker/\")\n"
    "    channel = await connection.channel()\n"
    "    exchange = await channel.declare_exchange(\"beats\", durable=True)\n"
    "    queue = await channel.declare_queue(exclusive=True)\n"
    "    await queue.bind(exchange)\n    await asyncio.Future()\n\n\n"
    "if __name__ == \"__main__\":\n    asyncio.run(consume())\n"
)

SOCKET_LISTENER = (
    "import socket\n\nfrom app.main import prepare_store\n\n\n"
    "def serve():\n    prepare_store\n    sock = socket.socket()\n    sock.bind((\"0.0.0.0\", 7000))\n"
    "    sock.listen()\n\n\nif __name__ == \"__main__\":\n    serve()\n"
)


def _findings(tmp_path: Path, routes: str, listener: str = PLAIN_LISTENER,
              extra: dict[str, str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        "  listener:\n    build: .\n    command: python listener.py\n"
                        "  index:\n    image: elasticsearch:8.13.0\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/search.py": SEARCH,
        "app/main.py": "from fastapi import Depends, FastAPI\n\nfrom app.search import open_index\n\n"
                       "app = FastAPI()\n\n\nasync def prepare_store():\n    return None\n\n\n" + routes,
        "listener.py": listener,
        **(extra or {}),
    }, git=True)
    return [(f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


WEB = [("DW101", ("web",))]
BOTH = [("DW101", ("listener", "web"))]

STARTUP = "@app.on_event(\"startup\")\nasync def warm_index():\n    app.state.index = await open_index()\n"
DEPENDS = (
    "async def get_index():\n    return await open_index()\n\n\n"
    "@app.get(\"/find\")\nasync def find(index=Depends(get_index)):\n    return index\n"
)
NESTED = (
    "@app.get(\"/find\")\nasync def find():\n    return await open_index()\n\n\n"
    "@app.post(\"/refresh\")\nasync def refresh():\n    return await find()\n"
)


def test_amqp_queue_binding_is_no_server(tmp_path):
    assert _findings(tmp_path, ROUTE, AMQP_LISTENER) == WEB


def test_a_listening_socket_may_serve(tmp_path):
    assert _findings(tmp_path, ROUTE, SOCKET_LISTENER) == BOTH


def test_startup_hook_runs_only_under_the_server(tmp_path):
    assert _findings(tmp_path, STARTUP) == WEB


def test_startup_hook_called_by_name_runs(tmp_path):
    listener = PLAIN_LISTENER.replace("prepare_store", "warm_index")
    assert _findings(tmp_path, STARTUP, listener) == BOTH


def test_route_dependency_is_resolved_per_request(tmp_path):
    assert _findings(tmp_path, DEPENDS) == WEB


def test_handler_called_by_an_idle_handler(tmp_path):
    assert _findings(tmp_path, NESTED) == WEB


def test_handler_called_by_a_handler_the_consumer_calls(tmp_path):
    listener = PLAIN_LISTENER.replace("prepare_store", "refresh")
    assert _findings(tmp_path, NESTED, listener) == BOTH


@pytest.mark.parametrize("caller, expected", [
    ("def forward(client):\n    return client.find(\"x\")\n", WEB),
    ("from app import main\n\n\ndef forward():\n    return main.find()\n", BOTH),
], ids=["method-of-parameter", "module-attribute"])
def test_same_named_method_is_no_call_of_the_handler(tmp_path, caller, expected):
    listener = PLAIN_LISTENER.replace("from app.main import prepare_store",
                                      "from app.main import prepare_store\nfrom app.util import forward")
    listener = listener.replace("    await prepare_store()\n", "    await prepare_store()\n    forward\n")
    assert _findings(tmp_path, ROUTE, listener, {"app/util.py": caller}) == expected
