"""A program that tries a display of candidate addresses of one server in turn (``for base in
["http://127.0.0.1:9100", "http://meter:9100"]``) reaches it where one candidate works from its
container: the others are meant for other deployments (host networking, bridge networking, a
container_name), not wrong there.  Where no candidate works, each is still judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_PROBE = '''import httpx


def status():
    for base in {candidates}:
        try:
            return httpx.get(base + "/status").json()
        except httpx.ConnectError:
            continue
    return None


print(status())
'''


def _compose(network: str) -> str:
    return ("services:\n"
            "  panel:\n    build: .\n    command: python panel/main.py\n" + network
            + "  meter:\n    image: example/meter:1.0\n" + network)


def _findings(tmp_path: Path, candidates: str, network: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": _compose(network),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "panel/main.py": _PROBE.format(candidates=candidates),
    }, git=True)
    return sorted((f.code, f.span.column) for f in run_check([tmp_path], Config(cache=False)).active)


HOST = "    network_mode: host\n"


def test_host_network_falls_over_from_loopback(tmp_path):
    got = _findings(tmp_path, '["http://127.0.0.1:9100", "http://meter:9100", "http://metre:9100"]', HOST)
    assert got == []


def test_a_tuple_beside_a_variable_falls_over_too(tmp_path):
    got = _findings(tmp_path, '(base_from_env, "http://127.0.0.1:9100", "http://meter:9100")'
                    .replace("base_from_env", '__import__("os").getenv("METER_URL")'), HOST)
    assert got == []


def test_bridge_network_falls_over_to_the_service(tmp_path):
    got = _findings(tmp_path, '["http://metre:9100", "http://meter:9100"]', "")
    assert got == []


def test_no_working_candidate_is_still_judged(tmp_path):
    got = _findings(tmp_path, '["http://metre:9100", "http://meter:9100"]', HOST)
    assert [c for c, _ in got] == ["DW104", "DW105"]


def test_a_lone_service_name_under_host_networking_is_judged(tmp_path):
    got = _findings(tmp_path, '["http://meter:9100"]', HOST)
    assert [c for c, _ in got] == ["DW104"]
