"""A loopback address no service of the layout listens at, dialled from a container that joins
a network declared `external` (a stack split into several Compose projects): the server may be
another project's container on that network as well as one on the Docker host, so the host
alias is offered as a guess (a tentative suggestion: an unsafe fix) and the message names the
network.  Without such a network the host alias stays the suggestion."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = 'import pika\n\nconn = pika.BlockingConnection(pika.ConnectionParameters(host="localhost", port=5672))\n'


def _finding(tmp_path: Path, external: bool):
    networks = "    networks: [backbone]\nnetworks:\n  backbone:\n    external: true\n" if external else ""
    make(tmp_path, {
        "compose.yaml": "services:\n  consumer:\n    build: .\n    command: python -m feed.consume\n" + networks,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "feed/__init__.py": "",
        "feed/consume.py": APP,
    }, git=True)
    (finding,) = run_check([tmp_path], Config(cache=False)).active
    return finding


def test_an_external_network_makes_the_host_alias_a_guess(tmp_path: Path) -> None:
    f = _finding(tmp_path, external=True)
    assert f.code == "DW101"
    assert f.suggestion is not None and f.suggestion.host == "host.docker.internal" and f.suggestion.tentative
    assert "external network `backbone`" in f.message


def test_without_one_the_host_alias_is_the_suggestion(tmp_path: Path) -> None:
    f = _finding(tmp_path, external=False)
    assert f.suggestion is not None and f.suggestion.host == "host.docker.internal" and not f.suggestion.tentative
