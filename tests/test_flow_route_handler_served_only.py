"""A route handler (``@app.route(...)``, ``@router.get(...)``) runs its body when a server of
the process receives a request.  A consumer container that runs ``python consumer.py``, which
imports the web application's module only for its models, starts no server: the handler's
body never runs there, though the module's top level does.  The container that serves the
app keeps the finding, and so does a consumer that starts a server or calls the view itself."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MAIN = ('import redis\n'
        'import requests\n'
        'from flask import Flask\n\n'
        'app = Flask(__name__)\n'
        'CACHE = redis.Redis(host="localhost", port=6379)\n\n\n'
        '@app.route("/api/items/<int:pk>/like", methods=["POST"])\n'
        'def like(pk):\n'
        '    user = requests.get("http://localhost:8000/api/user").json()\n'
        '    requests.post("http://host.docker.internal:9000/audit", json=user)\n'
        '    return {"pk": pk}\n\n\n'
        'if __name__ == "__main__":\n'
        '    app.run(host="0.0.0.0", port=5000)\n')

CONSUMER = ('import pika\n'
            'from main import app\n\n'
            'params = pika.ConnectionParameters(host="mq")\n'
            'pika.BlockingConnection(params).channel().start_consuming()\n')


def findings(tmp_path, consumer: str, queue_command: str = "python consumer.py") -> list[tuple[int, str, tuple[str, ...]]]:
    make(tmp_path, {
        "main.py": MAIN,
        "consumer.py": consumer,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "compose.yaml": ("services:\n  mq:\n    image: rabbitmq:3\n  kv:\n    image: redis:7\n"
                         "  web:\n    build: .\n    command: python main.py\n    ports: ['8001:5000']\n"
                         f"  queue:\n    build: .\n    command: {queue_command}\n"),
    }, git=True)
    return sorted((f.span.line, f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_handler_body_is_judged_for_the_server_not_for_a_consumer_importing_the_app(tmp_path):
    assert findings(tmp_path, CONSUMER) == [
        (6, "DW101", ("queue", "web")),  # the module's top level runs in both
        (11, "DW101", ("web",)),
        (12, "DW106", ("web",)),
    ]


def test_a_consumer_that_calls_the_view_itself_runs_its_body(tmp_path):
    consumer = CONSUMER.replace("from main import app\n", "from main import app, like\n") + "like(3)\n"
    assert findings(tmp_path, consumer) == [
        (6, "DW101", ("queue", "web")), (11, "DW101", ("queue", "web")), (12, "DW106", ("queue", "web"))]


def test_a_consumer_that_starts_the_app_in_a_thread_may_serve_it(tmp_path):
    consumer = "import threading\n" + CONSUMER + "threading.Thread(target=app.run).start()\n"
    assert findings(tmp_path, consumer) == [
        (6, "DW101", ("queue", "web")), (11, "DW101", ("queue", "web")), (12, "DW106", ("queue", "web"))]


def test_a_script_given_arguments_may_start_a_server_from_library_code(tmp_path):
    assert findings(tmp_path, CONSUMER, "python consumer.py serve") == [
        (6, "DW101", ("queue", "web")), (11, "DW101", ("queue", "web")), (12, "DW106", ("queue", "web"))]


def test_a_consumer_that_dispatches_a_request_in_process_runs_the_handler(tmp_path):
    consumer = CONSUMER + 'app.test_client().post("/api/items/3/like")\n'
    assert findings(tmp_path, consumer) == [
        (6, "DW101", ("queue", "web")), (11, "DW101", ("queue", "web")), (12, "DW106", ("queue", "web"))]


def test_a_script_whose_imported_module_starts_the_server_serves_it(tmp_path):
    consumer = CONSUMER.replace("pika.BlockingConnection(params).channel().start_consuming()\n",
                                'app.run(host="0.0.0.0", port=5001)\n')
    assert findings(tmp_path, consumer) == [
        (6, "DW101", ("queue", "web")), (11, "DW101", ("queue", "web")), (12, "DW106", ("queue", "web"))]
