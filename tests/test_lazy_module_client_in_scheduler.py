"""A client that opens no connection when it is built (SQLAlchemy's engine: ``rules/flow.yaml``
lazy_clients), bound to a module-level name, dials on its first use.  In a container whose every
program only imports the code (``celery -A proj beat`` sends the task messages; the worker runs
the task bodies), it dials only where a line that runs on import uses it: handing it to a session
factory that keeps it (``Session = sessionmaker(bind=engine)``, ``rules/flow.yaml`` lazy_holders)
is no use, so a database address reached only through the engine and the sessions the tasks
open is no finding in the scheduler, while the worker keeps it.  A use on import
(``metadata.create_all(engine)`` at the module's top level, a session opened there) keeps it in
the scheduler too, and so does the task queue's own app (``Celery(broker=...)``), which the
scheduler loads by its name and dials."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

STORE = ("import os\n\nfrom sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n\n"
         "engine = create_engine(os.getenv(\"STORE_DSN\", \"postgresql://app@localhost:5432/app\"))\n"
         "Session = sessionmaker(autoflush=False, bind=engine)\n")

JOBS = ("from celery import Celery\n\nfrom ledger.store import Session\n\n"
        "queue = Celery(\"ledger\", broker=\"redis://bus:6379/0\")\n"
        "queue.conf.beat_schedule = {\"tidy\": {\"task\": \"ledger.jobs.tidy\", \"schedule\": 60.0}}\n\n\n"
        "@queue.task\ndef tidy():\n    with Session() as session:\n        session.execute(\"DELETE FROM marks\")\n")


def _findings(tmp_path: Path, store: str, jobs: str = JOBS) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  crunch:\n    build: .\n    command: celery -A ledger.jobs worker -l info\n"
                        "  ticker:\n    build: .\n    command: celery -A ledger.jobs beat -l info\n"
                        "  bus:\n    image: redis:7\n"
                        "  records:\n    image: postgres:16\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "ledger/__init__.py": "",
        "ledger/store.py": store,
        "ledger/jobs.py": jobs,
    }, git=True)
    return [(f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_module_engine_only_task_bodies_use_dials_nothing_in_the_scheduler(tmp_path):
    assert _findings(tmp_path, STORE) == [("DW101", ("crunch",))]


@pytest.mark.parametrize("extra", [
    "\nfrom sqlalchemy import MetaData\n\nMetaData().create_all(engine)\n",
    "\nwith Session() as warm:\n    warm.execute(\"SELECT 1\")\n",
    "\nCONNECTION = engine.connect()\n",
], ids=["engine-used-on-import", "session-opened-on-import", "connected-on-import"])
def test_a_module_engine_used_on_import_dials_in_the_scheduler_too(tmp_path, extra):
    assert _findings(tmp_path, STORE + extra) == [("DW101", ("crunch", "ticker"))]


def test_the_task_queue_app_bound_to_a_module_name_is_dialled_by_the_scheduler(tmp_path):
    jobs = "from celery import Celery\n\nqueue = Celery(\"ledger\", broker=\"redis://localhost:6379/0\")\n"
    assert _findings(tmp_path, STORE.replace("localhost", "records"), jobs) == [("DW101", ("crunch", "ticker"))]
