"""``self.x`` belongs to its object: a value stored in one class's attribute reaches only the
sinks that read that attribute in the same class (or a class related to it), not every class
that happens to use the same attribute name."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

COMPOSE = """\
services:
  worker:
    build: .
    command: python -m app.main
"""

CLIENTS = """\
import os

import requests

API_HOST = os.environ.get("API_HOST", "127.0.0.1")


class ApiClient:
    def __init__(self):
        self._base_url = f"http://{API_HOST}:8080"
{api_method}

class Scraper:
    def __init__(self, url):
        self._base_url = url

    def fetch(self):
        return requests.post(self._base_url, json={})


class PagedScraper(Scraper):
    def page(self, n):
        return requests.get(self._base_url, params={"page": n})
"""

OWN_SINK = """\
    def ping(self):
        return requests.get(self._base_url)
"""


def _codes(tmp_path: Path, api_method: str) -> list[str]:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nCOPY . /app\nWORKDIR /app\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "clients.py").write_text(CLIENTS.replace("{api_method}\n", api_method))
    (tmp_path / "app" / "main.py").write_text(
        "from app.clients import ApiClient, Scraper\n\nclient = ApiClient()\nif hasattr(client, 'ping'):\n"
        "    client.ping()\nScraper('https://example.org/api').fetch()\n")  # (a method nothing calls dials nothing)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).findings]


def test_same_attribute_name_in_an_unrelated_class_is_not_a_sink(tmp_path):
    assert _codes(tmp_path, "") == []


def test_the_attribute_read_by_its_own_class_is_a_sink(tmp_path):
    assert _codes(tmp_path, OWN_SINK) == ["DW101"]
