"""A class-based view's static helper runs where the view's request methods run.  A health
view's ``get`` reaches its private ``_check_ledger`` by a name it builds (``getattr(self,
f"_check_{name}")``) or by ``self._check_ledger()``: a consumer container that imports the web
module and starts no server never runs it, so the loopback address there is the web
container's finding alone.  A public static method nothing names, or a private one the
module calls from outside the class's request methods, may be called on the class from
anywhere and stays judged in both (``flow/handlers.py`` ``_view_helper``)."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WEB = ('import requests\n'
       'from flask import Flask\n'
       'from flask.views import MethodView\n\n\n'
       'class Health(MethodView):\n'
       '    def get(self):\n'
       '        out = {name: getattr(self, f"_check_{name}")() for name in ("ledger",)}\n'
       '        out["cache"] = self._check_cache()\n'
       '        return out\n\n'
       '    @staticmethod\n'
       '    def _check_ledger():\n'
       '        return requests.get("http://localhost:7070/ping").status_code\n\n'
       '    @staticmethod\n'
       '    def _check_cache():\n'
       '        return requests.get("http://localhost:7071/ping").status_code\n\n'
       '    @staticmethod\n'
       '    def check_audit():\n'
       '        return requests.get("http://localhost:7072/ping").status_code\n\n'
       '    @classmethod\n'
       '    def _check_index(cls):\n'
       '        return requests.get("http://localhost:7073/ping").status_code\n\n\n'
       'app = Flask(__name__)\n'
       'app.add_url_rule("/health", view_func=Health.as_view("health"))\n'
       'WARM = Health._check_index\n\n'
       'if __name__ == "__main__":\n'
       '    app.run(host="0.0.0.0", port=5000)\n')

CONSUMER = ('import pika\n\n'
            'from web import app\n\n'
            'params = pika.ConnectionParameters(host="mq")\n'
            'pika.BlockingConnection(params).channel().start_consuming()\n')


def _by_port(tmp_path) -> dict[int, tuple[str, ...]]:
    make(tmp_path, {
        "web.py": WEB,
        "consumer.py": CONSUMER,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "compose.yaml": ("services:\n  mq:\n    image: rabbitmq:3\n"
                         "  web:\n    build: .\n    command: python web.py\n    ports: ['8001:5000']\n"
                         "  queue:\n    build: .\n    command: python consumer.py\n"),
    }, git=True)
    return {f.target_port: tuple(sorted(f.services)) for f in run_check([tmp_path], Config(cache=False)).active
            if f.span.path == "web.py"}


def test_a_private_helper_reached_by_a_built_name_runs_where_the_view_is_served(tmp_path):
    assert _by_port(tmp_path)[7070] == ("web",)


def test_a_private_helper_called_from_the_request_method_runs_there_too(tmp_path):
    assert _by_port(tmp_path)[7071] == ("web",)


def test_a_public_static_method_may_be_called_from_anywhere(tmp_path):
    assert _by_port(tmp_path)[7072] == ("queue", "web")


def test_a_helper_named_outside_the_request_methods_may_run_anywhere(tmp_path):
    assert _by_port(tmp_path)[7073] == ("queue", "web")
