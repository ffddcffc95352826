"""An application's own dotenv file (``load_dotenv()``) that gives a variable the same loopback
address as the default the code writes for it (``os.getenv("QUEUE_URL", "amqp://localhost//")``)
hands the container the same mistake: the default keeps its finding, as when the file gives it
no value.  The file's values are taken only to judge branches on flags; one that gives the
variable a service's name replaces the default, which is then dead."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

TASKS = """\
import os

from celery import Celery
from dotenv import load_dotenv

load_dotenv()
app = Celery(__name__, broker=os.getenv("QUEUE_URL", "amqp://guest@localhost//"))


@app.task
def work(x):
    return x
"""
MAIN = """\
from fastapi import FastAPI

from .tasks import work

app = FastAPI()


@app.post("/jobs")
def submit():
    work.delay(1)
"""


def _findings(tmp_path: Path, dotenv: str) -> list[tuple[str, str, int]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: ./api\n  queue:\n    image: rabbitmq:3\n",
        "api/Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["uvicorn", "svc.main:app", "--host", "0.0.0.0"]\n',
        "api/.env": dotenv,
        "api/svc/__init__.py": "",
        "api/svc/main.py": MAIN,
        "api/svc/tasks.py": TASKS,
    }, git=True)
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_dotenv_loopback_value_keeps_the_defaults_finding(tmp_path):
    assert _findings(tmp_path, "QUEUE_URL=amqp://guest@localhost//\n") == [("DW101", "api/svc/tasks.py", 7)]


def test_a_dotenv_service_value_replaces_the_default(tmp_path):
    assert _findings(tmp_path, "QUEUE_URL=amqp://guest@queue//\n") == []
