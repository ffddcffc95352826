"""A suggestion of the Docker host's alias says when the server there listens on loopback alone.

``http://localhost:11434`` in a container, with no service on 11434: the server is presumably
Ollama on the Docker host, and the suggestion is ``host.docker.internal:11434``.  On a Linux
engine that name is the host's gateway address, and Ollama installed on the host listens on
127.0.0.1 alone unless ``OLLAMA_HOST=0.0.0.0``: the rewrite alone would not connect.  Servers
that do so by default are data (``rules/hosts.yaml`` loopback_servers); a port of none of them
gets no note, nor does a suggestion of a service.
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
    command: python app.py
    environment:
      LLM_URL: {url}
{more}
"""

APP = "import os\n\nimport httpx\n\nhttpx.get(os.environ['LLM_URL'])\n"


def _message(tmp_path: Path, url: str, more: str = "") -> str:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(url=url, more=more),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app.py": APP,
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).findings
    assert len(found) == 1
    return found[0].message


def test_a_server_that_listens_on_loopback_by_default_is_named(tmp_path):
    message = _message(tmp_path, "http://localhost:11434/api")
    assert "use `host.docker.internal:11434`" in message
    assert "Ollama on the Docker host listens on 127.0.0.1 alone by default" in message
    assert "`OLLAMA_HOST=0.0.0.0`" in message


def test_the_bridge_gateway_gets_the_same_note(tmp_path):
    message = _message(tmp_path, "http://172.17.0.1:11434/api")
    assert "`OLLAMA_HOST=0.0.0.0`" in message


def test_another_port_gets_no_note(tmp_path):
    assert "127.0.0.1 alone" not in _message(tmp_path, "http://localhost:8089/api")


def test_a_service_suggested_gets_no_note(tmp_path):
    more = "  ollama:\n    image: ollama/ollama\n"
    message = _message(tmp_path, "http://localhost:11434/api", more)
    assert "use `ollama:11434`" in message
    assert "127.0.0.1 alone" not in message
