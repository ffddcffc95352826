"""A container whose only program runs the file its configuration names and exits (``alembic
upgrade head``: env.py and the migrations) receives no request: what runs there is env.py's
top level, the functions it calls, and the top level of what it imports.  A call that starts
another program written in the body of a function nothing there calls (a ``subprocess.run``
in a sync helper of a module the models import) does not make it a possible server, so a dial
only a route handler makes is not judged there.  Where env.py's own code calls a function that
starts a program, the container may serve, and the dial is judged there too."""
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
SYNC = (
    "import subprocess\n\n\n"
    "def pull_repository(path):\n    subprocess.run([\"git\", \"-C\", path, \"pull\"], check=True)\n\n\n"
    "def start_exporter():\n    return subprocess.Popen([\"exporter\", \"--port\", \"9100\"])\n"
)


def _services(tmp_path: Path, env_tail: str) -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        "  migrations:\n    build: .\n    command: alembic upgrade head\n"
                        "  index:\n    image: elasticsearch:8.13.0\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "alembic.ini": "[alembic]\nscript_location = alembic\n",
        "alembic/env.py": "from alembic import context\n\nfrom app import main  # noqa: F401\n"
                          "from app.sync import start_exporter  # noqa: F401\n\n"
                          "\n\ndef run_migrations_online():\n"
                          "    context.configure(url=\"postgresql://db/app\")\n" + env_tail +
                          "\n\nrun_migrations_online()\n",
        "app/__init__.py": "",
        "app/search.py": SEARCH,
        "app/sync.py": SYNC,
        "app/main.py": "from fastapi import FastAPI\n\nfrom app.search import open_index\n"
                       "from app.sync import pull_repository  # noqa: F401\n\n"
                       "app = FastAPI()\n\n\n@app.get(\"/find\")\nasync def find():\n    return await open_index()\n",
    }, git=True)
    return [tuple(sorted(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_program_started_only_in_functions_nothing_calls_serves_nothing(tmp_path):
    assert _services(tmp_path, "") == [("web",)]


@pytest.mark.parametrize("tail", ["    start_exporter()\n"])
def test_a_program_the_migration_run_starts_may_serve(tmp_path, tail):
    assert _services(tmp_path, tail) == [("migrations", "web")]
