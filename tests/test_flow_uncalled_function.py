"""Importing a module runs its top level, not its functions: a sink inside a module-level
function is evidence for a service only where something that service runs names the function
(a call, a callback handed on, the start command)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

COMPOSE = """\
services:
  api:
    build: .
    command: python -m app.api
    environment:
      SEARCH_HOST: search
  proxy:
    build: .
    command: python -m app.proxy
  search:
    image: opensearchproject/opensearch:2
"""

CONFIG = 'import os\n\nSEARCH_HOST = os.environ.get("SEARCH_HOST") or "localhost"\n'

SEARCH = """\
from opensearchpy import OpenSearch

from app.config import SEARCH_HOST


def make_client():
    return OpenSearch(hosts=[{"host": SEARCH_HOST, "port": 9200}])
"""

API = "from app.search import make_client\n\nCLIENT = make_client()\n"


def _findings(tmp_path: Path, proxy: str) -> list[tuple[str, tuple[str, ...]]]:
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nCOPY . /app\nWORKDIR /app\n")
    app = tmp_path / "app"
    app.mkdir()
    for name, text in {"__init__": "", "config": CONFIG, "search": SEARCH, "api": API, "proxy": proxy}.items():
        (app / f"{name}.py").write_text(text)
    return [(f.code, f.services) for f in run_check([tmp_path], Config(cache=False)).findings]


def test_a_function_no_one_in_the_service_calls_is_no_evidence(tmp_path):
    # the proxy imports the module (for a type, say) but never calls make_client: silent;
    # the api calls it, and sets SEARCH_HOST, so the fallback never runs there either
    assert _findings(tmp_path, "from app import search\n\nprint('proxy up')\n") == []


@pytest.mark.parametrize("proxy", [
    "from app.search import make_client\n\nCLIENT = make_client()\n",  # a call
    "import atexit\n\nfrom app import search\n\natexit.register(search.make_client)\n",  # handed on
])
def test_a_function_the_service_names_is_evidence(tmp_path, proxy):
    assert _findings(tmp_path, proxy) == [("DW101", ("proxy",))]
