"""Candidate addresses of one server a program tries in turn may differ in port: the service's
name at its container port (for the Compose network) beside loopback at the port the service
publishes to it (for host networking), ``["http://127.0.0.1:9500", "http://meter:9100"]`` where
``meter`` maps ``9500:9100``.  Where one of the pair works from the container, the other is
meant for the other deployment.  A loopback port the service does not publish to that container
port names another server: both stay judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_PROBE = '''import httpx

CANDIDATES = {candidates}


def status():
    for base in CANDIDATES:
        try:
            return httpx.get(base + "/status").json()
        except httpx.ConnectError:
            continue
    return None


print(status())
'''


def _compose(network: str, published: str) -> str:
    return ("services:\n"
            "  panel:\n    build: .\n    command: python panel/main.py\n" + network
            + f"  meter:\n    image: example/meter:1.0\n    ports: [\"{published}\"]\n")


def _findings(tmp_path: Path, candidates: str, network: str, published: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": _compose(network, published),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "panel/main.py": _PROBE.format(candidates=candidates),
    }, git=True)
    text = (tmp_path / "panel/main.py").read_text().splitlines()
    return sorted((f.code, text[f.span.line - 1][f.span.column - 1:].split('"')[0])
                  for f in run_check([tmp_path], Config(cache=False)).active)


HOST = "    network_mode: host\n"
PAIR = '["http://127.0.0.1:9500", "http://meter:9100"]'


def test_host_network_reaches_the_published_port(tmp_path):
    assert _findings(tmp_path, PAIR, HOST, "9500:9100") == []


def test_bridge_network_reaches_the_service_name(tmp_path):
    assert _findings(tmp_path, PAIR, "", "9500:9100") == []


def test_a_loopback_port_published_to_another_port_names_another_server(tmp_path):
    got = _findings(tmp_path, PAIR, HOST, "9500:9200")
    assert [code for code, _ in got] == ["DW104"]
