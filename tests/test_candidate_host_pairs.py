"""Candidate addresses of one server may be written as ``(host, port)`` pairs a program tries in
turn (``for host, port in [("127.0.0.1", 7000), ("host.docker.internal", 7000), ("ledger",
7000)]``), or as bare hosts handed to one client with one port (``for host in ["127.0.0.1",
"ledger"]``).  Where another candidate reaches the server from the container (a service of the
project by name), the host alias meant for another deployment is no finding there.  Where no
candidate works (the name is no service, or the pair names another port), each stays judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_PAIRS = '''import socket


class Feed:
    def __init__(self):
        ledger_hosts = [
            ("127.0.0.1", 7000),
            ("host.docker.internal", 7000),
            ({last}),
        ]
        self.conn = None
        for host, port in ledger_hosts:
            try:
                self.conn = socket.create_connection((host, port), timeout=2)
                return
            except OSError:
                continue


feed = Feed()
'''

_BARE = '''import redis


class Tally:
    def __init__(self):
        tally_hosts = [
            "127.0.0.1",
            "host.docker.internal",
            "{last}",
        ]
        self.client = None
        for host in tally_hosts:
            try:
                self.client = redis.Redis(host=host, port=6379)
                self.client.ping()
                return
            except redis.ConnectionError:
                continue


tally = Tally()
'''

_COMPOSE = ("services:\n"
            "  clerk:\n    build: .\n    command: python clerk/main.py\n"
            "  ledger:\n    image: example/ledger:2.1\n    expose: [\"7000\"]\n"
            "  tallies:\n    image: redis:7\n")


def _codes(tmp_path: Path, source: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "clerk/main.py": source,
    }, git=True)
    text = (tmp_path / "clerk/main.py").read_text().splitlines()
    return sorted((f.code, text[f.span.line - 1][f.span.column - 1:].split('"')[0])
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_pair_naming_a_service_serves_the_others(tmp_path):
    assert _codes(tmp_path, _PAIRS.format(last='"ledger", 7000')) == []


def test_pairs_with_no_working_candidate_stay_judged(tmp_path):
    got = _codes(tmp_path, _PAIRS.format(last='"ledgers", 7000'))
    assert ("DW106", "host.docker.internal") in got


def test_bare_hosts_beside_a_service_name(tmp_path):
    assert _codes(tmp_path, _BARE.format(last="tallies")) == []


def test_bare_hosts_beside_no_service_stay_judged(tmp_path):
    got = _codes(tmp_path, _BARE.format(last="tally-box"))
    assert ("DW106", "host.docker.internal") in got
