"""A module-level function runs only where something the container runs names it.  A method
call on an object the calling function builds itself (``with Outbox(...) as box:
box.publish(...)``, ``conn = smtplib.SMTP(...); conn.publish(...)``) is that object's method,
not a call of a module-level function that happens to share the method's name: the function
whose only callers are such methods (and calls left in comments) never runs, and its dial is
no finding.  A module bound to a local name (``mod = importlib.import_module(...)``) may be the
function's module, and a call through an imported module (``relay.publish()``) names it: both
keep the finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: uvicorn board.main:app --host 0.0.0.0 --port 8000
  queue:
    image: rabbitmq:3
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
MAIN = """\
from fastapi import FastAPI

from board import threads

app = FastAPI()
app.include_router(threads.router)
"""
RELAY = """\
import aio_pika


async def publish(text: str) -> None:
    conn = await aio_pika.connect("amqp://guest:guest@localhost/")
    async with conn:
        channel = await conn.channel()
        await channel.default_exchange.publish(aio_pika.Message(text.encode()), routing_key="posts")
"""
OUTBOX = """\
class Outbox:
    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.items: list[str] = []

    def __enter__(self) -> "Outbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.items.clear()

    def publish(self, text: str) -> None:
        self.items.append(text)
"""


def _threads(body: str) -> str:
    return ("from fastapi import APIRouter\n\nfrom board.outbox import Outbox\nfrom board.relay import publish\n"
            "from board import relay\n\nrouter = APIRouter()\n\n\n@router.post('/threads')\n"
            "async def create_thread(text: str):\n" + body + "    return {'ok': True}\n")


def _found(tmp_path: Path, body: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": DOCKERFILE,
        "board/__init__.py": "",
        "board/main.py": MAIN,
        "board/outbox.py": OUTBOX,
        "board/relay.py": RELAY,
        "board/threads.py": _threads(body),
    }, git=True)
    return sorted((f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_method_of_an_object_built_in_a_with_names_nothing(tmp_path):
    body = "    with Outbox('posts') as box:\n        box.publish(text)\n    # await publish(text)\n"
    assert _found(tmp_path, body) == []


def test_a_method_of_an_object_assigned_from_a_call_names_nothing(tmp_path):
    body = "    box = Outbox('posts')\n    box.publish(text)\n"
    assert _found(tmp_path, body) == []


def test_the_function_called_by_its_name_is_reported(tmp_path):
    body = "    with Outbox('posts') as box:\n        box.publish(text)\n    await publish(text)\n"
    assert _found(tmp_path, body) == [("board/relay.py", 5)]


def test_a_call_through_the_imported_module_is_reported(tmp_path):
    body = "    await relay.publish(text)\n"
    assert _found(tmp_path, body) == [("board/relay.py", 5)]


def test_a_module_bound_to_a_local_name_may_be_the_functions_module(tmp_path):
    body = ("    import importlib\n    mod = importlib.import_module('board.relay')\n"
            "    await mod.publish(text)\n")
    assert _found(tmp_path, body) == [("board/relay.py", 5)]
