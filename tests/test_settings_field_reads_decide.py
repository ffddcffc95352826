"""A strong-named settings field whose reads all reach a client call.

``archive_database_url: str = "postgresql://...@localhost/archive"`` in a pydantic settings
class is an address by its name; but where every read of it is followed into a client call
(``create_engine(settings.archive_database_url)``), those calls decide, with what gates them:
a call only a task body makes does not run under ``celery beat``, one behind an environment
flag does not run where the service leaves the flag off.  The name alone no longer reports the
default there; the worker that runs the call (or turns the flag on) is still reported."""
from __future__ import annotations

import json

from click.testing import CliRunner

from dockwise.cli import cli
from tests.conftest import make

COMPOSE = (
    "services:\n"
    "  worker:\n    build: .\n    command: celery -A app.tasks worker --loglevel=info\n{worker_env}"
    "  beat:\n    build: .\n    command: celery -A app.tasks beat --loglevel=info\n"
    "  db:\n    image: postgres:16\n"
    "  redis:\n    image: redis:7\n"
)
DOCKERFILE = "FROM python:3.12\nCOPY . /app\nWORKDIR /app\n"
CONFIG = (
    "from pydantic_settings import BaseSettings\n\n\n"
    "class Settings(BaseSettings):\n"
    "    broker: str = \"redis://redis:6379/0\"\n"
    "    archive_database_url: str = \"postgresql://u:p@localhost:5432/archive\"\n\n\n"
    "settings = Settings()\n"
)
TASK_HELPER = (
    "from sqlalchemy import create_engine\n\nfrom app.config import settings\n\n\n"
    "def archive_engine():\n    return create_engine(settings.archive_database_url)\n"
)
TASKS = (
    "from celery import Celery\n\nfrom app.archive import archive_engine\nfrom app.config import settings\n\n"
    "celery_app = Celery(\"app\", broker=settings.broker)\n\n\n"
    "@celery_app.task\ndef archive():\n    with archive_engine().connect() as conn:\n        conn.execute(\"select 1\")\n"
)
FLAG_HELPER = (
    "import os\n\nfrom sqlalchemy import create_engine\n\nfrom app.config import settings\n\n"
    "if os.getenv(\"ARCHIVE_ENABLED\") == \"1\":\n    engine = create_engine(settings.archive_database_url)\n"
)
FLAG_TASKS = (
    "from celery import Celery\n\nimport app.archive  # noqa: F401\nfrom app.config import settings\n\n"
    "celery_app = Celery(\"app\", broker=settings.broker)\n"
)


def run(root):
    res = CliRunner().invoke(cli, ["check", str(root), "--no-cache", "--output-format", "json", "--exit-zero"],
                             catch_exceptions=False)
    return json.loads(res.stdout)


def services(out):
    return sorted((f["code"], s) for f in out["findings"] for s in f["services"])


def test_field_read_only_in_a_task_body_is_not_dialled_by_beat(tmp_path):
    make(tmp_path, {"compose.yaml": COMPOSE.format(worker_env=""), "Dockerfile": DOCKERFILE,
                    "app/config.py": CONFIG, "app/archive.py": TASK_HELPER, "app/tasks/__init__.py": TASKS}, git=True)
    out = run(tmp_path)
    # the worker runs the task and dials the default; beat only sends task messages
    assert services(out) == [("DW101", "worker")]


def test_field_read_behind_a_flag_follows_the_flag(tmp_path):
    files = {"Dockerfile": DOCKERFILE, "app/config.py": CONFIG, "app/archive.py": FLAG_HELPER,
             "app/tasks/__init__.py": FLAG_TASKS}
    make(tmp_path / "off", {"compose.yaml": COMPOSE.format(worker_env=""), **files}, git=True)
    assert services(run(tmp_path / "off")) == []
    on = COMPOSE.format(worker_env="    environment:\n      ARCHIVE_ENABLED: \"1\"\n")
    make(tmp_path / "on", {"compose.yaml": on, **files}, git=True)
    assert services(run(tmp_path / "on")) == [("DW101", "worker")]
