"""A function handed to a task queue's worker as one of its jobs (SAQ's settings dict
``"functions": [...]``, arq's ``class WorkerSettings: functions = [...]``, litestar-saq's
``QueueConfig(tasks=[...])``, a ``CronJob(func)`` / ``cron(func)`` schedule) is called by the
worker that takes the job.  A web container that imports the registration only to enqueue by
name (``queue.enqueue("send_mail")``) never runs it: the loopback SMTP host the job dials is the
worker's finding alone.  The web container keeps it where its code calls the function itself,
starts a worker in-process, or where no service of the layout runs a worker."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
    command: uvicorn app.main:app --host 0.0.0.0
  worker:
    build: .
    command: {worker}
  redis:
    image: redis:7
"""

MAIL = """\
import os
import smtplib

SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")


async def send_mail(ctx, *, to):
    server = smtplib.SMTP(SMTP_HOST, 587)
    server.sendmail("noreply@example.org", [to], "hello")
"""

MAIN = """\
from fastapi import FastAPI

from app.worker import queue

app = FastAPI()


@app.post("/signup")
async def signup(email: str):
{body}
"""

SAQ = "saq app.worker.settings"
ARQ = "arq app.worker.WorkerSettings"

REGISTRATIONS = {
    "saq-dict": (SAQ, """\
from saq import Queue
from app.mail import send_mail

queue = Queue.from_url("redis://redis:6379/0")
settings = {"queue": queue, "functions": [send_mail], "concurrency": 4}
"""),
    "saq-named-list": (SAQ, """\
from saq import CronJob, Queue
from app.mail import send_mail

queue = Queue.from_url("redis://redis:6379/0")
FUNCTIONS = [send_mail]
settings = {"queue": queue, "functions": FUNCTIONS}
"""),
    "saq-returned-list": (SAQ, """\
from saq import Queue

queue = Queue.from_url("redis://redis:6379/0")


def task_functions():
    from app.mail import send_mail

    return [send_mail]


settings = {"queue": queue, "functions": task_functions()}
"""),
    "saq-cron": (SAQ, """\
from saq import CronJob, Queue
from app.mail import send_mail

queue = Queue.from_url("redis://redis:6379/0")
settings = {"queue": queue, "functions": [], "cron_jobs": [CronJob(send_mail, cron="0 * * * *")]}
"""),
    "litestar-saq": (SAQ, """\
from litestar_saq import QueueConfig, SAQConfig
from saq import CronJob, Queue
from app.mail import send_mail

queue = Queue.from_url("redis://redis:6379/0")
TASKS = [send_mail]
config = SAQConfig(queue_configs=[QueueConfig(name="default", dsn="redis://redis:6379/0", tasks=TASKS,
                                              scheduled_tasks=[CronJob(function=send_mail, cron="0 * * * *")])])
settings = {"queue": queue, "functions": TASKS}
"""),
    "arq": (ARQ, """\
from arq import cron
from arq.connections import RedisSettings
from app.mail import send_mail

queue = None


class WorkerSettings:
    redis_settings = RedisSettings(host="redis")
    functions = [send_mail]
    cron_jobs = [cron(send_mail, hour=1)]
"""),
}

ENQUEUE = '    await queue.enqueue("send_mail", to=email)'


def _services(tmp_path: Path, kind: str, body: str = ENQUEUE, worker: str | None = None,
              compose: str | None = None) -> list[tuple[str, ...]]:
    command, registration = REGISTRATIONS[kind]
    make(tmp_path, {
        "compose.yaml": compose or COMPOSE.format(worker=worker or command),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/mail.py": MAIL,
        "app/worker.py": registration,
        "app/main.py": MAIN.format(body=body),
    }, git=True)
    return [f.services for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"]


@pytest.mark.parametrize("kind", sorted(REGISTRATIONS))
def test_a_registered_job_runs_in_the_worker_alone(tmp_path, kind):
    assert _services(tmp_path, kind) == [("worker",)]


@pytest.mark.parametrize("body", [
    '    from app.mail import send_mail\n    await send_mail({}, to=email)',  # called in place
    '    from saq import Worker\n    await Worker(queue, functions=[]).start()',  # a worker in-process
])
def test_a_job_the_web_container_may_run_keeps_it(tmp_path, body):
    assert _services(tmp_path, "saq-dict", body) == [("web", "worker")]


def test_without_a_worker_service_the_web_container_keeps_it(tmp_path):
    # no service of the layout executes jobs: a worker may be started by hand from the image
    compose = "services:\n  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
    assert _services(tmp_path, "saq-dict", compose=compose) == [("web",)]


SERVICE = """\
import os
import smtplib

SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")


class MailService:
    def __init__(self):
        self.host = SMTP_HOST

    def send_welcome(self, to):
        self._send(to, "welcome")

    def _send(self, to, body):
        server = smtplib.SMTP(self.host, 587)
        server.sendmail("noreply@example.org", [to], body)
"""

JOB = """\
from app.service import MailService


async def send_welcome(ctx, *, to):
    MailService().send_welcome(to)
"""

JOB_WORKER = """\
from saq import Queue
from app.mail import send_welcome

queue = Queue.from_url("redis://redis:6379/0")
settings = {"queue": queue, "functions": [send_welcome]}
"""


@pytest.mark.parametrize("body, services", [
    ('    await queue.enqueue("send_welcome", to=email)', [("worker",)]),
    # the web container calls the private method's caller itself
    ('    from app.service import MailService\n    MailService().send_welcome(email)', [("web", "worker")]),
])
def test_a_method_only_a_registered_job_calls(tmp_path, body, services):
    # `MailService._send` dials; only `send_welcome`, a method only the job calls, calls it
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(worker=SAQ),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/service.py": SERVICE,
        "app/mail.py": JOB,
        "app/worker.py": JOB_WORKER,
        "app/main.py": MAIN.format(body=body),
    }, git=True)
    assert [f.services for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101"] == services
