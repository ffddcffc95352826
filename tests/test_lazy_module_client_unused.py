"""A client that opens no connection when built (redis-py's ``Redis(...)``), bound to a name at
a module's top level and handed only to other objects bound there (a job queue,
``jobs = Queue("jobs", connection=conn)``), dials where code that runs uses those names: a
container whose command runs another subcommand of the program (``python -m tool listen``), which
imports the module for its functions but never calls the one that enqueues, dials nothing
there.  The container running that subcommand (``python -m tool enqueue``) keeps the finding,
and so does a client the module uses at its top level."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONN = (
    "import os\n\nfrom redis import Redis\n\n"
    "conn = Redis(host=os.environ.get(\"QUEUE_HOST\", \"localhost\"))\n"
)

QUEUES = "from rq import Queue\n\nfrom tool.conn import conn\n\njobs = Queue(\"jobs\", connection=conn)\n"

JOBS = (
    "from tool.queues import jobs\n\n\n"
    "def index_page(page):\n    return len(page)\n\n\n"
    "def schedule_pages(pages):\n    for page in pages:\n        jobs.enqueue(index_page, page)\n"
)

CLI = (
    "import typer\n\nfrom tool.jobs import index_page, schedule_pages\n\napp = typer.Typer()\n\n\n"
    "@app.command()\ndef listen():\n    while True:\n        index_page(input())\n\n\n"
    "@app.command()\ndef enqueue(pages: list[str]):\n    schedule_pages(pages)\n"
)

MAIN = "from tool.cli import app\n\napp()\n"

EAGER_CONN = CONN + "\nconn.ping()\n"


def _services(tmp_path: Path, conn: str = CONN, queues: str = QUEUES) -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  listener:\n    build: .\n    command: python -m tool listen\n"
                        "    networks: [edge]\n    environment:\n      QUEUE_HOST: queue\n"
                        "  enqueuer:\n    build: .\n    command: python -m tool enqueue a b\n"
                        "    environment:\n      QUEUE_HOST: queue\n"
                        "  queue:\n    image: redis:7\n"
                        "networks:\n  edge: {}\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "tool/__init__.py": "",
        "tool/__main__.py": MAIN,
        "tool/conn.py": conn,
        "tool/queues.py": queues,
        "tool/jobs.py": JOBS,
        "tool/cli.py": CLI,
    }, git=True)
    return sorted(tuple(sorted(f.services)) for f in run_check([tmp_path], Config(cache=False)).active
                  if f.code == "DW104")


def test_queue_client_only_used_by_another_subcommand(tmp_path: Path) -> None:
    # the listener, on a network without the queue, never enqueues: no DW104 there
    assert _services(tmp_path) == []


def test_client_used_at_import_keeps_the_finding(tmp_path: Path) -> None:
    assert _services(tmp_path, EAGER_CONN) == [("listener",)]


def test_a_queue_nothing_loads_leaves_the_client_unused(tmp_path: Path) -> None:
    # a second queue declared beside the first that no code enqueues on: no use of the client
    spare = QUEUES + "spare = Queue(\"spare\", connection=conn)\n"
    assert _services(tmp_path, queues=spare) == []


def test_recall_a_queue_loaded_at_import_still_uses_it(tmp_path: Path) -> None:
    spare = QUEUES + "spare = Queue(\"spare\", connection=conn)\nprint(spare.count)\n"
    assert _services(tmp_path, queues=spare) == [("listener",)]
