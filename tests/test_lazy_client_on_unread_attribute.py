"""A lazy client (``rules/flow.yaml`` lazy_clients) set at a module's top level on an attribute
of an object, ``server.pubsub = socketio.AsyncRedisManager("redis://localhost:6379")``, that no
code the container runs ever loads: python-socketio's manager builds a redis-py client, which
connects on its first command, and subscribes only when a server it was handed to as its
``client_manager`` initializes it.  Left on an attribute nothing reads, it dials nothing.
A ``self.pubsub`` of a class that stores its own ``self.pubsub`` is that class's attribute, not
a read of it.  A load of the attribute elsewhere (``server.pubsub.emit(...)``), or the manager
handed to the server as its ``client_manager``, keeps the finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /srv
COPY . /srv
CMD ["uvicorn", "hub.main:asgi", "--host", "0.0.0.0"]
"""
COMPOSE = """\
services:
  hub:
    build: .
  cache:
    image: redis:7
"""
MAIN = """\
import socketio

from hub.relay import Relay

server = socketio.AsyncServer(async_mode="asgi")
server.pubsub = socketio.AsyncRedisManager("redis://localhost:6379")
asgi = socketio.ASGIApp(server)
relay = Relay(None)
"""
RELAY = """\
class Relay:
    def __init__(self, pubsub):
        self.pubsub = pubsub

    def send(self, note):
        return self.pubsub.publish(note)
"""


def _findings(tmp_path: Path, main: str, relay: str = RELAY) -> list[tuple[str, str, int]]:
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": COMPOSE, "hub/__init__.py": "",
                    "hub/main.py": main, "hub/relay.py": relay})
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_manager_left_on_an_unread_attribute_dials_nothing(tmp_path):
    assert _findings(tmp_path, MAIN) == []


def test_a_load_of_the_attribute_keeps_it(tmp_path):
    main = MAIN + "\n\nasync def announce(note):\n    await server.pubsub.emit(\"note\", note)\n"
    assert _findings(tmp_path, main) == [("DW101", "hub/main.py", 6)]


def test_a_manager_handed_to_the_server_keeps_it(tmp_path):
    main = MAIN.replace('server = socketio.AsyncServer(async_mode="asgi")\n'
                        'server.pubsub = socketio.AsyncRedisManager("redis://localhost:6379")\n',
                        'server = socketio.AsyncServer(async_mode="asgi",\n'
                        '                              client_manager=socketio.AsyncRedisManager("redis://localhost:6379"))\n')
    assert _findings(tmp_path, main) == [("DW101", "hub/main.py", 6)]


def test_another_objects_attribute_of_that_name_is_a_read(tmp_path):
    # (`link.pubsub` may be the server: only `self.pubsub` of a class storing its own is ruled out)
    relay = RELAY + "\n\ndef forward(link, note):\n    return link.pubsub.publish(note)\n"
    assert _findings(tmp_path, MAIN, relay) == [("DW101", "hub/main.py", 6)]
