"""A worker that imports the web application's modules receives no request unless something
it runs may start a server.  Calls named like a server start are no such evidence where the
code shows what they reach: ``exporter.run()`` on an object built from a class of the project
that defines ``run`` runs that method, whose own starts are looked for where they are written;
``super().bind(name, parent)`` in a subclass of a serializer field reaches the library's
``Field.bind`` (``rules/flow.yaml`` non_server_bases).  A project class whose ``run`` starts the
app, or a ``super().run()`` of a class based on a web framework's app, still may serve."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MAIN = ('import requests\n'
        'from flask import Flask\n\n'
        'app = Flask(__name__)\n\n\n'
        '@app.route("/api/items/<int:pk>/like", methods=["POST"])\n'
        'def like(pk):\n'
        '    return requests.get("http://localhost:8000/api/user").json()\n\n\n'
        'if __name__ == "__main__":\n'
        '    app.run(host="0.0.0.0", port=5000)\n')

EXPORTER = ('class Exporter:\n'
            '    def __init__(self, name):\n'
            '        self.name = name\n\n'
            '    def run(self):\n'
            '        return self.name.upper()\n')

SERVING_EXPORTER = ('from main import app\n\n\n'
                    'class Exporter:\n'
                    '    def __init__(self, name):\n'
                    '        self.name = name\n\n'
                    '    def run(self):\n'
                    '        app.run(host="0.0.0.0", port=5001)\n')

FIELDS = ('from rest_framework.fields import BooleanField\n\n\n'
          'class FlagField(BooleanField):\n'
          '    def bind(self, field_name, parent):\n'
          '        super().bind(field_name, parent)\n')


def _worker(body: str) -> str:
    return 'import main\nfrom tools.export import Exporter\nfrom tools.fields import FlagField\n\n\n' + body


def findings(tmp_path, worker: str, exporter: str = EXPORTER, fields: str = FIELDS) -> list[tuple[int, tuple[str, ...]]]:
    make(tmp_path, {
        "main.py": MAIN,
        "worker.py": worker,
        "tools/__init__.py": "",
        "tools/export.py": exporter,
        "tools/fields.py": fields,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
        "compose.yaml": ("services:\n"
                         "  web:\n    build: .\n    command: python main.py\n    ports: ['8001:5000']\n"
                         "  worker:\n    build: .\n    command: python worker.py\n"),
    }, git=True)
    return sorted((f.span.line, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_project_objects_run_and_a_fields_super_bind_start_no_server(tmp_path):
    worker = _worker('def main_loop():\n'
                     '    exporter = Exporter("nightly")\n'
                     '    exporter.run()\n\n\n'
                     'main_loop()\n')
    assert findings(tmp_path, worker) == [(9, ("web",))]


def test_a_project_class_whose_run_starts_the_app_may_serve(tmp_path):
    worker = _worker('exporter = Exporter("nightly")\nexporter.run()\n')
    assert findings(tmp_path, worker, exporter=SERVING_EXPORTER) == [(9, ("web", "worker"))]


def test_an_object_bound_to_something_else_too_may_start_a_server(tmp_path):
    worker = _worker('import os\n\n'
                     'exporter = Exporter("nightly")\n'
                     'if os.environ.get("REMOTE"):\n'
                     '    exporter = main.app\n'
                     'exporter.run()\n')
    assert findings(tmp_path, worker) == [(9, ("web", "worker"))]


def test_super_run_of_a_web_framework_app_may_serve(tmp_path):
    fields = FIELDS + ('\n\nfrom flask import Flask\n\n\n'
                       'class Site(Flask):\n'
                       '    def run(self, **options):\n'
                       '        super().run(**options)\n')
    assert findings(tmp_path, _worker("print(main.app.name)\n"), fields=fields) == [(9, ("web", "worker"))]
