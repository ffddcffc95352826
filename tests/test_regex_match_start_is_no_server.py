"""A regular expression's match object has a ``start()`` (the offset of the match), which
starts nothing: a consumer script whose code takes ``m.start()`` of a ``re.search`` /
``pattern.match`` result, or of each match a loop takes from ``pattern.finditer(...)``, still
receives no request, so a dial only a route handler of the web module it imports makes is not
judged in its container.  A ``.start()`` on anything else bound in a loop (a thread, a server
whose class the module does not know) stays a possible server start."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SEARCH = (
    "import os\n\nfrom elasticsearch import Elasticsearch\n\n"
    "INDEX_URL = os.getenv(\"INDEX_URL\", \"http://localhost:9200\")\n\n\n"
    "async def open_index():\n    return Elasticsearch(INDEX_URL)\n"
)
HEAD = "import asyncio\nimport re\n\nfrom app.main import prepare_store\n\nTABLE = re.compile(r\"\\|.*\\|\")\n\n\n"
TAIL = "\n\nasync def consume():\n    await prepare_store()\n\n\nif __name__ == \"__main__\":\n    asyncio.run(consume())\n"

LOOP = "def split(text):\n    cursor = 0\n    for match in TABLE.finditer(text):\n        cursor = match.start()\n    return cursor\n"
SEARCHED = "def first(text):\n    m = re.search(r\"\\d+\", text)\n    return m.start() if m else -1\n"
MATCHED = "def head(text):\n    found = TABLE.match(text)\n    return found.start()\n"
THREADS = "def spawn(workers):\n    for worker in workers:\n        worker.start()\n"


def _services(tmp_path: Path, helpers: str) -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        "  listener:\n    build: .\n    command: python listener.py\n"
                        "  index:\n    image: elasticsearch:8.13.0\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/search.py": SEARCH,
        "app/main.py": "from fastapi import FastAPI\n\nfrom app.search import open_index\n\n"
                       "app = FastAPI()\n\n\nasync def prepare_store():\n    return None\n\n\n"
                       "@app.get(\"/find\")\nasync def find():\n    return await open_index()\n",
        "listener.py": HEAD + helpers + TAIL,
    }, git=True)
    return [tuple(sorted(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("helpers", [LOOP, SEARCHED, MATCHED], ids=["finditer-loop", "re.search", "pattern.match"])
def test_a_match_objects_start_starts_no_server(tmp_path, helpers):
    assert _services(tmp_path, helpers) == [("web",)]


def test_a_start_on_anything_else_in_a_loop_may_start_one(tmp_path):
    assert _services(tmp_path, THREADS) == [("listener", "web")]
