"""A loopback address at a port no service declares is, by default, a server on the Docker host.
But a service whose image dockwise does not know declares no port at all, and the layout's own
values may say where it listens: another service dials it by name at that port
(``CODE_RUNNER_URL: http://sandbox:8000`` for the API).  A worker that falls back to
``http://localhost:8000`` for the same server then means that service: the suggestion is
``sandbox:8000`` (an unsafe fix: the port is inferred), not ``host.docker.internal:8000``."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: python -m app.api
    environment:
      CODE_RUNNER_URL: {url}
  worker:
    build: .
    command: python -m app.worker
  sandbox:
    image: example/code-sandbox:1.4
{sandbox}{other}"""

CODE = """\
import os

import requests

RUNNER = os.getenv("CODE_RUNNER_URL", "http://localhost:8000")


def main():
    requests.post(RUNNER + "/run", json={{"code": "print(1)"}})


if __name__ == "__main__":
    main()
"""


def _finding(tmp_path: Path, url: str = "http://sandbox:8000", sandbox: str = "", other: str = ""):
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(url=url, sandbox=sandbox, other=other),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/api.py": CODE.format(),
        "app/worker.py": CODE.format(),
    }, git=True)
    found = [f for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"]
    assert len(found) == 1 and found[0].services == ("worker",)
    return found[0]


@pytest.mark.parametrize("url", ["http://sandbox:8000", "sandbox:8000", "http://sandbox:8000/v1"])
def test_the_service_the_layout_dials_at_the_port_is_suggested(tmp_path, url):
    f = _finding(tmp_path, url)
    assert (f.suggestion.host, f.suggestion.port, f.suggestion.tentative) == ("sandbox", 8000, True)
    assert "dials it at 8000" in f.message


@pytest.mark.parametrize("url, sandbox, other", [
    ("http://sandbox", "", ""),  # dialled without a port written
    ("http://sandbox:9000", "", ""),  # at another port
    ("http://sandbox:8000", "    expose: [\"9000\"]\n", ""),  # it declares another port
    ("http://sandbox:8000", "    networks: [isolated]\n",
     "networks:\n  isolated:\n"),  # the worker shares no network with it
])
def test_without_that_evidence_the_docker_host_is_suggested(tmp_path, url, sandbox, other):
    f = _finding(tmp_path, url, sandbox, other)
    assert (f.suggestion.host, f.suggestion.port) == ("host.docker.internal", 8000)


def test_two_services_dialled_at_the_port_leave_the_choice_open(tmp_path):
    other = ("  runner:\n    image: example/other-runner:2\n"
             "  cron:\n    build: .\n    command: python -m app.api\n"
             "    environment:\n      CODE_RUNNER_URL: http://runner:8000\n")
    f = _finding(tmp_path, other=other)
    assert f.suggestion is None or f.suggestion.host == "host.docker.internal"
