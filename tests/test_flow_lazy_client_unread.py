"""A client that opens no connection when it is built (SQLAlchemy's engine, redis-py, the
Elasticsearch client, httpx, a Celery app: ``rules/flow.yaml`` lazy_clients) dials its address
on its first request.  Built into a class attribute that nothing the container runs reads (a
view's ``client = Elasticsearch(...)`` left over from an earlier version), it connects nowhere:
its address is no finding.  A read of the attribute anywhere the container runs
(``view.client``, ``getattr``), a client told to connect when built (``sniff_on_start``), a
client that connects at once (pymongo), or another binding (a module-level engine, a local
name, ``self.x``: not followed yet) keeps it."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, module: str, other: str = "VERSION = 1\n") -> list[tuple[str, str, int]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: python app/main.py\n"
                        "  search:\n    image: elasticsearch:8.13.0\n"
                        "  db:\n    image: postgres:16\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/clients.py": module,
        "app/other.py": other,
        "app/main.py": "import sys\n\nsys.path.insert(0, \"/srv\")\n\nfrom app import clients  # noqa: F401\n"
                       "from app import other  # noqa: F401\n",
    }, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


ES_CLASS = ("from elasticsearch import Elasticsearch\n\n\nclass Search:\n"
            "    client = Elasticsearch(\"http://localhost:9200\")\n\n\n"
            "class ProductSearch(Search):\n    index = \"products\"\n\n\nVIEWS = [ProductSearch]\n")
ENGINE_CLASS = ("from sqlalchemy import create_engine\n\n\nclass Store:\n"
                "    engine = create_engine(\"postgresql://app@localhost:5432/app\")\n\n\nSTORES = [Store]\n")


@pytest.mark.parametrize("module", [ES_CLASS, ENGINE_CLASS], ids=["elasticsearch", "sqlalchemy"])
def test_a_lazy_client_in_a_class_attribute_nothing_reads_dials_nothing(tmp_path, module):
    assert _findings(tmp_path, module) == []


@pytest.mark.parametrize("module, other, line", [
    (ES_CLASS + "\n\ndef find(view, q):\n    return view.client.search(q=q)\n\n\nfind(VIEWS[0], \"x\")\n",
     "VERSION = 1\n", 5),
    (ES_CLASS, "from app.clients import VIEWS\n\nVIEWS[0].client.info()\n", 5),
    (ES_CLASS + "\n\nCLIENT = getattr(VIEWS[0], \"client\")\n", "VERSION = 1\n", 5),
    (ENGINE_CLASS.replace("\n\n\nSTORES", "\n\n    def rows(self):\n        return self.engine.connect()\n\n\nSTORES"),
     "VERSION = 1\n", 5),
], ids=["attribute-read", "other-module-reads", "getattr", "self-read"])
def test_a_lazy_client_read_somewhere_keeps_the_finding(tmp_path, module, other, line):
    assert _findings(tmp_path, module, other) == [("DW101", "app/clients.py", line)]


@pytest.mark.parametrize("module", [
    # told to connect when built
    "from elasticsearch import Elasticsearch\n\n\nclass Search:\n"
    "    client = Elasticsearch(\"http://localhost:9200\", sniff_on_start=True)\n",
    # a client that connects at once (its monitor threads dial when it is built)
    "from pymongo import MongoClient\n\n\nclass Store:\n    client = MongoClient(\"mongodb://localhost:27017\")\n",
    # handed on, not bound to a name
    "from sqlalchemy import create_engine\n\nENGINES = [create_engine(\"postgresql://app@localhost:5432/app\")]\n",
    # bound to a module-level name (its reads are not followed yet)
    "from sqlalchemy import create_engine\n\nengine = create_engine(\"postgresql://app@localhost:5432/app\")\n",
], ids=["sniff-on-start", "eager-client", "not-bound", "module-name"])
def test_a_client_that_may_connect_when_built_keeps_the_finding(tmp_path, module):
    assert [code for code, _, _ in _findings(tmp_path, module)] == ["DW101"]
