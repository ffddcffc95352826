"""OWASP ZAP's API client ``zapv2.ZAPv2()`` given no ``proxies`` sends every API call
through 127.0.0.1:8080 (its default proxies): in a scanner container whose ZAP daemon is
another service, that is the scanner itself (DW101 on the call, no fix: no host is written;
the ZAP images serve on 8080, rules/images.yaml, so the daemon's service is the suggestion).
Given the proxies (by keyword or first), the client dials what they say, not the default."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  scanner:
    build: .
    command: python scan.py
  zap:
    image: zaproxy/zap-stable
    command: zap.sh -daemon -host 0.0.0.0 -port 8080
"""


def _findings(tmp_path: Path, call: str) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY scan.py /app/\nRUN pip install python-owasp-zap-v2.4\n",
        "scan.py": f"from zapv2 import ZAPv2\n\nzap = {call}\nzap.spider.scan('http://target:8000')\n",
    }, git=True)
    return [(f.code, f.span.line, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_zap_client_given_no_proxies_dials_its_default(tmp_path):
    # (the ZAP images serve on 8080: the daemon's service is the suggestion)
    assert _findings(tmp_path, "ZAPv2(apikey='k')") == [("DW101", 3, "zap:8080")]


@pytest.mark.parametrize("call", [
    "ZAPv2(proxies={'http': 'http://zap:8080', 'https': 'http://zap:8080'}, apikey='k')",
    "ZAPv2({'http': 'http://zap:8080', 'https': 'http://zap:8080'}, 'k')",
])
def test_a_zap_client_given_its_proxies_is_silent(tmp_path, call):
    assert _findings(tmp_path, call) == []
