"""A method reached through the attributes of what a client call built dials as a method of
the client itself does: `MongoClient(url).shop.orders.find()` and
`MongoClient(url)["shop"].orders.insert_one(doc)` connect like `MongoClient(url).server_info()`
(the extractor had dropped the string once an attribute stood between the client call and the
method).  A string's own methods (`"localhost".upper()`) still pass nothing to a client."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _codes(tmp_path: Path, body: str) -> list[tuple[str, tuple[str, int | None] | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  app:\n    build: .\n    command: python -m inventory.main\n"
                        "  mongo:\n    image: mongo:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "inventory/__init__.py": "",
        "inventory/main.py": "import pymongo\n\n\ndef recent():\n    return " + body + "\n\n\nrecent()\n",
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return [(f.code, (f.suggestion.host, f.suggestion.port) if f.suggestion else None) for f in found]


@pytest.mark.parametrize("body", [
    'pymongo.MongoClient("mongodb://localhost:27017").stock.items.find()',
    'pymongo.MongoClient("mongodb://localhost:27017")["stock"].items.insert_one({})',
    'pymongo.MongoClient("mongodb://localhost:27017").stock.list_collection_names()',
    'pymongo.MongoClient("mongodb://localhost:27017").server_info()',
])
def test_a_method_deep_in_a_client_result_dials(tmp_path: Path, body: str) -> None:
    codes = _codes(tmp_path, body)
    assert [c for c, _ in codes] == ["DW101"]
    assert codes[0][1] == ("mongo", 27017)


def test_a_string_method_chain_dials_nothing(tmp_path: Path) -> None:
    assert _codes(tmp_path, '"mongodb://localhost:27017".upper().strip()') == []
