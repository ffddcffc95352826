"""The evidence search is skipped for an endpoint no search outcome could make a finding
(verdicts.may_report): the result is the same, the search is spared."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.flow import judge as judge_module

COMPOSE = """\
services:
  api:
    build: .
    command: python app.py
    ports: ["8000:8000"]
  db:
    image: postgres:16
"""

APP = """\
import requests
import psycopg

DOCS = "https://example.com/docs"      # a link: never dialled, nothing to find
# dialled, but an outside host: no finding either (the loopback proxy puts the line in the parse)
requests.get("https://example.com:8443/status", proxies={"https": "http://localhost:3128"})
psycopg.connect("postgresql://app@localhost:5432/app")   # DW101
"""


def _searched(tmp_path: Path, monkeypatch) -> tuple[list[str], list[str]]:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nCOPY . /app\nWORKDIR /app\n")
    (tmp_path / "app.py").write_text(APP)
    seen: list[str] = []
    original = judge_module.Judge.judge

    def judge(self, rel, ep, services):
        seen.append(ep.host)
        return original(self, rel, ep, services)

    monkeypatch.setattr(judge_module.Judge, "judge", judge)
    result = run_check([tmp_path], Config(cache=False))
    return seen, [f.code for f in result.findings]


def test_outside_hosts_are_not_searched(tmp_path, monkeypatch):
    seen, codes = _searched(tmp_path, monkeypatch)
    assert codes == ["DW101"]
    assert "localhost" in seen  # a loopback target is searched for its sink
    assert "example.com" not in seen  # no outcome of the search could report it

