"""A ``ports:`` entry publishes a container port; it makes no listener there.  A service
whose start command runs only a server told another port (``uvicorn ... --port 7101``
beside ``ports: ["7102:7102"]``) does not serve the entry's port: a DW101 suggestion must
not send a client to it at that port.  A service whose server port is unknown, or matches
the entry, still listens there and is still suggested."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MAIN = """\
import os

import httpx
from fastapi import FastAPI

app = FastAPI()
SCORER = os.environ.get("SCORER_URL", "http://localhost:{port}")


@app.get("/rate")
def rate():
    return httpx.get(f"{{SCORER}}/score").json()
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
SCORER_DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD {cmd}\n"


def _compose(publish: str) -> str:
    return f"""\
services:
  front:
    build: ./front
    command: uvicorn webapp.main:app --host 0.0.0.0 --port 8000
  scorer:
    build: ./scorer
    ports:
      - "{publish}"
"""


def _found(tmp_path: Path, port: int, publish: str, cmd: str) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": _compose(publish),
        "front/Dockerfile": DOCKERFILE,
        "front/webapp/__init__.py": "",
        "front/webapp/main.py": MAIN.format(port=port),
        "scorer/Dockerfile": SCORER_DOCKERFILE.format(cmd=cmd),
        "scorer/grader/__init__.py": "",
        "scorer/grader/api.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
    }, git=True)
    out = []
    for f in run_check([tmp_path], Config(cache=False)).active:
        hint = f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion is not None else None
        out.append((f.span.path, f.span.line, hint))
    return sorted(out)


TOLD_7101 = '["uvicorn", "grader.api:app", "--host", "0.0.0.0", "--port", "7101"]'


def test_a_published_port_its_server_does_not_bind_is_not_suggested(tmp_path):
    # no service of the layout listens on 7102: the Docker host's alias, as for any such port
    assert _found(tmp_path, 7102, "7102:7102", TOLD_7101) == [
        ("front/webapp/main.py", 7, "host.docker.internal:7102")]


def test_a_published_port_its_server_binds_is_suggested(tmp_path):
    cmd = TOLD_7101.replace("7101", "7102")
    assert _found(tmp_path, 7102, "7102:7102", cmd) == [("front/webapp/main.py", 7, "scorer:7102")]


def test_the_port_its_server_binds_is_suggested_beside_another_published(tmp_path):
    assert _found(tmp_path, 7101, "7102:7102", TOLD_7101) == [("front/webapp/main.py", 7, "scorer:7101")]


def test_a_published_port_of_a_server_whose_port_is_unknown_is_suggested(tmp_path):
    cmd = '["python", "-m", "grader.api"]'
    assert _found(tmp_path, 7102, "7102:7102", cmd) == [("front/webapp/main.py", 7, "scorer:7102")]


def test_a_host_port_published_to_a_container_port_nothing_binds_is_not_suggested(tmp_path):
    assert _found(tmp_path, 7102, "7102:7103", TOLD_7101) == [
        ("front/webapp/main.py", 7, "host.docker.internal:7102")]
