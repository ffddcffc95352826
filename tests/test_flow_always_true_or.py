"""A test ``x == "a" or "b"`` always holds: the branches after it never run.

A common slip in chat-bot and command handlers: ``elif text == "weather" or "forecast":``
tests the truth of the literal ``"forecast"``, which is always true.  That branch takes every
message the ones before it did not, and an ``elif`` after it is dead code: a client it would
connect is never dialled.  The branch of the slip itself runs, and so does a dial before it.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: uvicorn main:app --host 0.0.0.0
"""

MAIN = """\
from fastapi import FastAPI
from temporalio.client import Client

app = FastAPI()


@app.post("/ask")
async def ask(text: str):
    if text == "hello":
        return {"answer": "hi"}
    elif text == "weather" or "forecast":
        client = await Client.connect("localhost:7233")
        return {"answer": await client.list_workflows()}
    elif text == "list workflows":
        client = await Client.connect("localhost:7234")
        return {"answer": await client.list_workflows()}
    return {"answer": "?"}
"""


def test_a_branch_after_an_always_true_test_is_dead(tmp_path: Path):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "main.py": MAIN,
    }, git=True)
    lines = sorted(f.span.line for f in run_check([tmp_path], Config(cache=False)).findings)
    assert lines == [12]


HELPERS = """\
from temporalio.client import Client


async def open_history():
    return await Client.connect("localhost:7233")


async def open_status():
    return await Client.connect("localhost:7234")
"""

ROUTER = """\
from helpers import open_history, open_status


async def route(text):
    if text == "status" or "state":
        return await open_status()
    elif text == "history":
        return await open_history()
"""


def test_a_function_called_only_after_it_is_dead_too(tmp_path: Path):
    """The same with no Compose file (an environment dockwise does not know): the test holds
    on no variable, so the helper called only from the dead branch dials nothing."""
    make(tmp_path, {
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\nCMD [\"python\", \"bot.py\"]\n",
        "bot.py": "import asyncio\n\nfrom router import route\n\nasyncio.run(route(input()))\n",
        "router.py": ROUTER,
        "helpers.py": HELPERS,
    }, git=True)
    lines = sorted(f.span.line for f in run_check([tmp_path], Config(cache=False)).findings if f.span.path == "helpers.py")
    assert lines == [9]
