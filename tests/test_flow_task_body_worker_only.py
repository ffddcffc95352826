"""A function registered as a Celery task (``@app.task``, ``@shared_task``) runs its body in
a worker, which executes the task; ``celery beat`` only sends task messages on a schedule
(and ``inspect``, ``call``... are clients of the broker).  A container that runs the app
only under such a subcommand does not dial what a task body dials.  The worker still does,
and code the module runs at import (its top level) runs under beat too."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

JOBS = ('import redis\n'
        'from celery import Celery, shared_task\n\n'
        'app = Celery("jobs", broker="amqp://guest:guest@mq:5672//")\n\n\n'
        '@app.task(name="refresh")\n'
        'def refresh():\n'
        '    redis.Redis(host="localhost", port=6379).set("seen", 1)\n\n\n'
        '@shared_task(bind=True)\n'
        'def prune(self):\n'
        '    redis.Redis(host="127.0.0.1", port=6379).delete("seen")\n')


def compose(scheduler: str) -> str:
    return ("services:\n  mq:\n    image: rabbitmq:3\n  kv:\n    image: redis:7\n"
            "  worker:\n    build: .\n    command: celery -A jobs worker -l info\n"
            f"  scheduler:\n    build: .\n    command: {scheduler}\n")


def findings(tmp_path, jobs: str, scheduler: str) -> list[tuple[int, str, tuple[str, ...]]]:
    make(tmp_path, {"jobs.py": jobs, "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
                    "compose.yaml": compose(scheduler)}, git=True)
    return sorted((f.span.line, f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_task_body_is_judged_for_the_worker_not_for_beat(tmp_path):
    assert findings(tmp_path, JOBS, "celery -A jobs beat -l info") == [
        (9, "DW101", ("worker",)), (14, "DW101", ("worker",))]


def test_beat_given_before_the_app_option_is_read_the_same(tmp_path):
    assert findings(tmp_path, JOBS, "celery --app=jobs beat --loglevel=info") == [
        (9, "DW101", ("worker",)), (14, "DW101", ("worker",))]


def test_a_subcommand_not_written_keeps_the_task_body_judged(tmp_path):
    assert findings(tmp_path, JOBS, "celery -A jobs ${CELERY_ROLE}") == [
        (9, "DW101", ("scheduler", "worker")), (14, "DW101", ("scheduler", "worker"))]


def test_code_at_the_module_top_level_still_dials_under_beat(tmp_path):
    jobs = JOBS + '\n\nSEEN = redis.Redis(host="localhost", port=6379).get("seen")\n'
    assert findings(tmp_path, jobs, "celery -A jobs beat") == [
        (9, "DW101", ("worker",)), (14, "DW101", ("worker",)), (17, "DW101", ("scheduler", "worker"))]
