"""A helper that only a task's body (``@app.task``) or a route handler's body (``@app.get``)
calls runs where that body runs, and so does a client class that only such a helper builds.
``celery -A proj beat`` sends task messages and executes no task body; a consumer container
that runs ``python consumer.py``, importing the web module for its models, serves no request.
The helper's sink (or the method of the class it builds) is judged for the worker and the web
server, not for them.  Code the module runs at its top level still runs everywhere."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CLIENT = ('import httpx\n\n\n'
          'class Relay:\n'
          '    def __init__(self, base_url: str = "http://localhost:8765"):\n'
          '        self.base_url = base_url\n\n'
          '    def send(self, body):\n'
          '        return httpx.post(f"{self.base_url}/relay", json=body)\n')

JOBS = ('import httpx\n'
        'from celery import Celery\n\n'
        'app = Celery("jobs", broker="amqp://guest:guest@mq:5672//")\n\n\n'
        '@app.task(name="relay")\n'
        'def relay(body):\n'
        '    _forward(body)\n'
        '    return _ping()\n\n\n'
        'def _forward(body):\n'
        '    from app.relay import Relay\n'
        '    return Relay().send(body)\n\n\n'
        'def _ping():\n'
        '    return httpx.get("http://127.0.0.1:9100/ping").status_code\n')


def _celery(tmp_path, jobs: str = JOBS) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, {
        "app/__init__.py": "",
        "app/relay.py": CLIENT,
        "app/jobs.py": jobs,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "compose.yaml": ("services:\n  mq:\n    image: rabbitmq:3\n"
                         "  worker:\n    build: .\n    command: celery -A app.jobs worker -l info\n"
                         "  scheduler:\n    build: .\n    command: celery -A app.jobs beat -l info\n"),
    }, git=True)
    return sorted((f.span.path.rpartition("/")[2], f.span.line, f.code, tuple(f.services))
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_helper_only_a_task_calls_is_judged_for_the_worker_not_for_beat(tmp_path):
    assert _celery(tmp_path) == [
        ("jobs.py", 19, "DW101", ("worker",)),  # the helper's own sink
        ("relay.py", 5, "DW101", ("worker",)),  # the class only that helper builds
    ]


def test_a_class_built_at_the_module_top_level_is_judged_under_beat_too(tmp_path):
    jobs = JOBS + "\n\nfrom app.relay import Relay\n\nSHARED = Relay()\nSHARED.send({})\n"
    assert _celery(tmp_path, jobs) == [
        ("jobs.py", 19, "DW101", ("worker",)),
        ("relay.py", 5, "DW101", ("scheduler", "worker")),
    ]


WEB = ('from flask import Flask\n\n'
       'app = Flask(__name__)\n\n\n'
       '@app.route("/relay", methods=["POST"])\n'
       'def relay_view():\n'
       '    return {"sent": _forward()}\n\n\n'
       'def _forward():\n'
       '    from app.relay import Relay\n'
       '    return Relay().send({}).status_code\n')


def _web(tmp_path, consumer: str) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, {
        "app/__init__.py": "",
        "app/relay.py": CLIENT,
        "app/web.py": WEB,
        "consumer.py": consumer,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "compose.yaml": ("services:\n  mq:\n    image: rabbitmq:3\n"
                         "  web:\n    build: .\n    command: gunicorn -b 0.0.0.0:8000 app.web:app\n"
                         "  queue:\n    build: .\n    command: python consumer.py\n"),
    }, git=True)
    return sorted((f.span.path.rpartition("/")[2], f.span.line, f.code, tuple(f.services))
                  for f in run_check([tmp_path], Config(cache=False)).active)


CONSUMER = ('import pika\n'
            'from app.web import app\n\n'
            'pika.BlockingConnection(pika.ConnectionParameters(host="mq")).channel().start_consuming()\n')


def test_a_class_only_a_route_handler_builds_is_judged_where_requests_are_served(tmp_path):
    assert _web(tmp_path, CONSUMER) == [("relay.py", 5, "DW101", ("web",))]


def test_a_consumer_that_calls_the_helper_itself_builds_the_class(tmp_path):
    consumer = CONSUMER.replace("from app.web import app\n", "from app.web import app, _forward\n") + "_forward()\n"
    assert _web(tmp_path, consumer) == [("relay.py", 5, "DW101", ("queue", "web"))]


FETCHER = ('from typing import Optional\n\n'
           'from app.relay import Relay\n\n\n'
           'class Fetcher:\n'
           '    def __init__(self, relay: Optional[Relay] = None):\n'
           '        self.relay = relay or Relay()\n\n'
           '    def run(self):\n'
           '        return self.relay.send({})\n')


def test_a_class_built_only_in_another_closed_class_built_by_a_task_helper(tmp_path):
    # Relay is built in Fetcher's __init__ (and named in its signature); Fetcher only by the helper
    make(tmp_path, {"app/fetcher.py": FETCHER})
    jobs = JOBS.replace("    from app.relay import Relay\n    return Relay().send(body)\n",
                        "    from app.fetcher import Fetcher\n    return Fetcher().run()\n")
    assert _celery(tmp_path, jobs) == [("jobs.py", 19, "DW101", ("worker",)), ("relay.py", 5, "DW101", ("worker",))]


def test_a_class_built_in_another_class_built_at_the_top_level_runs_under_beat_too(tmp_path):
    # (and used there: building a client dials nothing, its `send` does: tests/test_import_time_calls.py)
    make(tmp_path, {"app/fetcher.py": FETCHER})
    jobs = JOBS + "\n\nfrom app.fetcher import Fetcher\n\nFETCHER = Fetcher()\nFETCHER.run()\n"
    assert _celery(tmp_path, jobs) == [("jobs.py", 19, "DW101", ("worker",)),
                                       ("relay.py", 5, "DW101", ("scheduler", "worker"))]
