"""Task-queue clients outside Celery whose address argument is a connect target: Huey's Redis
flavours (`url=`, or `host` / `port` handed to redis-py; the first positional is the queue's
name), FastStream's brokers and FastAPI routers (the broker's address first: `url`,
`bootstrap_servers`, `servers`), and APScheduler 3's job stores (RedisJobStore's redis-py
keywords, SQLAlchemyJobStore's `url`).  `faststream run pkg.mod:app` runs that module (and what
it imports), not every file of the image.  An address naming the service is no finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  runner:
    build: .
    command: {command}
  kv:
    image: redis:7
  rabbit:
    image: rabbitmq:3
  events:
    image: apache/kafka:3.8.0
  store:
    image: postgres:16
"""


def _findings(tmp_path: Path, command: str, files: dict[str, str]) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(command=command),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        **files,
    }, git=True)
    out = []
    for f in run_check([tmp_path], Config(cache=False)).active:
        sug = f.suggestion
        out.append((f"{f.span.path}:{f.code}", f"{sug.host}:{sug.port}" if sug is not None else None))
    return sorted(out)


def test_huey_redis_keywords_are_dialled_by_the_consumer(tmp_path):
    jobs = ('from huey import RedisHuey\n\nqueue = RedisHuey("localhost", host="localhost", port=6379)\n'
            'other = RedisHuey("mail", url="redis://kv:6379/1")\n')
    assert _findings(tmp_path, "huey_consumer jobs.queue", {"jobs.py": jobs}) == [("jobs.py:DW101", "kv:6379")]


def test_faststream_brokers_are_dialled_by_the_app_it_runs(tmp_path):
    app = ('from faststream import FastStream\nfrom faststream.kafka import KafkaBroker\n'
           'from faststream.nats import NatsBroker\n\nbroker = KafkaBroker("localhost:9092")\n'
           'side = NatsBroker("nats://bus:4222")\napp = FastStream(broker)\n')
    unrelated = 'import redis\n\nredis.Redis(host="localhost").ping()\n'
    found = _findings(tmp_path, "faststream run --workers 2 flows.app:app",
                      {"flows/__init__.py": "", "flows/app.py": app, "tools.py": unrelated})
    assert found == [("flows/app.py:DW101", "events:9092")]


def test_faststream_rabbit_router_url(tmp_path):
    api = ('from fastapi import FastAPI\nfrom faststream.rabbit.fastapi import RabbitRouter\n\n'
           'router = RabbitRouter("amqp://guest:guest@localhost:5672/")\n'
           'app = FastAPI(lifespan=router.lifespan_context)\napp.include_router(router)\n')
    assert _findings(tmp_path, "uvicorn api:app --host 0.0.0.0", {"api.py": api}) == [("api.py:DW101", "rabbit:5672")]


def test_apscheduler_job_stores(tmp_path):
    sched = ('from apscheduler.jobstores.redis import RedisJobStore\n'
             'from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore\n'
             'from apscheduler.schedulers.blocking import BlockingScheduler\n\n'
             'stores = {"default": SQLAlchemyJobStore(url="postgresql://app@localhost:5432/jobs"),\n'
             '          "fast": RedisJobStore(host="kv", port=6379)}\n'
             'BlockingScheduler(jobstores=stores).start()\n')
    assert _findings(tmp_path, "python sched.py", {"sched.py": sched}) == [("sched.py:DW101", "store:5432")]
