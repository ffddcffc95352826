"""DW106 on `host.docker.internal:PORT` where PORT is the host port a service of the same project
publishes: the message adds that the service's container is reached directly on the shared
network (`products:5000`), without the host; the finding and its fix (the extra_hosts entry)
stay as they are.  A port no service publishes gets no such hint."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _finding(tmp_path: Path, port: int):
    make(tmp_path, {
        "compose.yaml": "services:\n  gateway:\n    build: .\n    command: python -m edge.app\n"
                        "  products:\n    image: example/products:1\n    ports: [\"4010:5000\"]\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "edge/__init__.py": "",
        "edge/app.py": f"import requests\n\nrequests.get('http://host.docker.internal:{port}/items')\n",
    }, git=True)
    (finding,) = run_check([tmp_path], Config(cache=False)).active
    return finding


def test_a_published_port_names_the_service_behind_it(tmp_path: Path) -> None:
    f = _finding(tmp_path, 4010)
    assert f.code == "DW106"
    assert "`products:5000` directly" in f.message


def test_a_port_no_service_publishes_gets_no_hint(tmp_path: Path) -> None:
    f = _finding(tmp_path, 4999)
    assert f.code == "DW106"
    assert "directly" not in f.message
