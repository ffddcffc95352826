"""``python -m alembic upgrade head`` is alembic run as a module: a program that runs the file
its configuration names (env.py) and exits, as ``alembic upgrade head`` is (rules/frameworks.yaml
quiet ini entries).  Its container receives no request, so a dial only a route handler makes
in the web module env.py imports is not judged there; the words after the module (``upgrade
head``) name alembic's subcommand, no server's.  A module of the project run the same way with
a word after it may still name a subcommand that serves."""
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


def _services(tmp_path: Path, command: str) -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        f"  migrations:\n    build: .\n    command: {command}\n"
                        "  index:\n    image: elasticsearch:8.13.0\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "alembic.ini": "[alembic]\nscript_location = alembic\n",
        "alembic/env.py": "from alembic import context\n\nfrom app import main  # noqa: F401\n\n"
                             "context.configure(url=\"postgresql://db/app\")\n",
        "app/__init__.py": "",
        "app/search.py": SEARCH,
        "app/main.py": "from fastapi import FastAPI\n\nfrom app.search import open_index\n\n"
                       "app = FastAPI()\n\n\n@app.get(\"/find\")\nasync def find():\n    return await open_index()\n",
        "tool.py": "from app import main  # noqa: F401\n",
    }, git=True)
    return [tuple(sorted(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("command", ['["python3", "-m", "alembic", "upgrade", "head"]',
                                     '["alembic", "upgrade", "head"]'])
def test_alembic_run_as_a_module_or_a_program_serves_nothing(tmp_path, command):
    assert _services(tmp_path, command) == [("web",)]


def test_a_project_module_with_a_subcommand_may_still_serve(tmp_path):
    assert _services(tmp_path, '["python3", "-m", "tool", "serve"]') == [("migrations", "web")]
