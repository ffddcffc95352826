"""A class that only a middleware's method builds is built where requests arrive, not wherever
the middleware class is: a worker that imports the settings naming the middleware (Celery's
Django fixup even builds the classes, running the system checks) calls none of its methods,
so the helper class the middleware's ``__call__`` builds, and the dial in that class's method,
never run there.  A worker that builds the helper itself keeps the finding
(``flow/called.py`` ``_builds``)."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('import os\n\n'
            'AUDIT_URL = os.environ.get("AUDIT_URL", "http://host.docker.internal:8002")\n'
            'MIDDLEWARE = ["tracking.TrackMiddleware"]\n')

TRACKING = ('import requests\n\n'
            'import settings\n\n\n'
            'class AuditEvent:\n'
            '    def __init__(self, path):\n'
            '        self.path = path\n\n'
            '    def emit(self):\n'
            '        self._send({"path": self.path})\n\n'
            '    def _send(self, payload):\n'
            '        requests.post(settings.AUDIT_URL, json=payload, timeout=1)\n\n\n'
            'class TrackMiddleware:\n'
            '    def __init__(self, get_response):\n'
            '        self.get_response = get_response\n\n'
            '    def __call__(self, request):\n'
            '        response = self.get_response(request)\n'
            '        AuditEvent(request.path).emit()\n'
            '        return response\n')

WORKER = ('import pika\n\n'
          'import settings\n'
          'import tracking\n'
          '{extra}\n'
          'params = pika.ConnectionParameters(host="mq")\n'
          'pika.BlockingConnection(params).channel().start_consuming()\n')


def _services(tmp_path, extra: str = "") -> tuple[str, ...]:
    make(tmp_path, {
        "settings.py": SETTINGS,
        "tracking.py": TRACKING,
        "server.py": ('from wsgiref.simple_server import make_server\n\nimport settings\nimport tracking\n\n\n'
                      'def app(environ, start_response):\n    start_response("200 OK", [])\n    return [b""]\n\n\n'
                      'make_server("0.0.0.0", 8000, tracking.TrackMiddleware(app)).serve_forever()\n'),
        "worker.py": WORKER.format(extra=extra),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "compose.yaml": ("services:\n  mq:\n    image: rabbitmq:3\n"
                         "  web:\n    build: .\n    command: python server.py\n    ports: ['8000:8000']\n"
                         "  worker:\n    build: .\n    command: python worker.py\n"),
    }, git=True)
    found = [f for f in run_check([tmp_path], Config(cache=False)).active
             if f.span.path == "settings.py" and f.span.line == 3]
    assert len(found) == 1
    return tuple(sorted(found[0].services))


def test_a_helper_only_a_middleware_builds_is_charged_to_the_server(tmp_path):
    assert _services(tmp_path) == ("web",)


def test_a_worker_that_builds_the_helper_itself_keeps_it(tmp_path):
    assert _services(tmp_path, 'tracking.AuditEvent("/jobs").emit()\n') == ("web", "worker")
