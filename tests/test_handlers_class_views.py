"""A method of a class-based view runs where a server receives requests, like a route
function's body: the framework builds the class for a request (``api.add_resource(Users,
"/users")``, ``Users.as_view()``) and calls the method its verb names.  A container that runs
the application only under a task-queue runner, whose tasks module imports the views' module
for its helpers, never runs the method; code that builds the view itself does, and so do a
static method and a class that is no view."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DIAL = "requests.get(\"http://localhost:9400/stats\").json()"


def _services(tmp_path: Path, views: str, tasks_extra: str = "") -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: gunicorn app.main:app -b 0.0.0.0:8000\n"
                        "    ports: [\"8000:8000\"]\n"
                        "  worker:\n    build: .\n    command: celery -A app.tasks worker -l info\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/views.py": "import requests\n" + views,
        "app/main.py": "from flask import Flask\nfrom flask_restful import Api\nfrom app.views import Stats\n\n"
                       "app = Flask(__name__)\nApi(app).add_resource(Stats, \"/stats\")\n",
        "app/tasks.py": "from celery import Celery\nfrom app import views  # noqa: F401\n" + tasks_extra + "\n"
                        "celery = Celery(\"app\", broker=\"redis://cache:6379/0\")\n\n\n"
                        "@celery.task\ndef ping():\n    return \"pong\"\n",
    }, git=True)
    return [(f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


WEB_ONLY = [("DW101", ("web",))]
BOTH = [("DW101", ("web", "worker"))]


@pytest.mark.parametrize("views", [
    # Flask-RESTful's Resource, a verb method
    "from flask_restful import Resource\n\n\nclass Stats(Resource):\n    def get(self):\n"
    f"        return {DIAL}\n",
    # Flask's MethodView, under a module alias, through a base class of the same module
    "from flask import views as fv\n\n\nclass Base(fv.MethodView):\n    pass\n\n\n"
    f"class Stats(Base):\n    def post(self):\n        return {DIAL}\n",
    # Django's generic views call other methods on the instance too (get_context_data)
    "from django.views.generic import TemplateView\n\n\nclass Stats(TemplateView):\n"
    f"    def get_context_data(self, **kwargs):\n        return {{\"stats\": {DIAL}}}\n",
    # DRF through its module, a nested function inside the method
    "from rest_framework import generics\n\n\nclass Stats(generics.ListAPIView):\n"
    f"    def list(self, request):\n        def fetch():\n            return {DIAL}\n        return fetch()\n",
    # a class a route decorator registers (Flask-RESTX's namespace), whatever its base
    "from flask_restx import Namespace\nfrom app.base import Thing\n\nns = Namespace(\"stats\")\n\n\n"
    f"@ns.route(\"/stats\")\nclass Stats(Thing):\n    def get(self):\n        return {DIAL}\n",
])
def test_a_view_method_runs_only_where_requests_are_served(tmp_path, views):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "base.py").write_text("class Thing:\n    pass\n")
    assert _services(tmp_path, views) == WEB_ONLY


RESOURCE = "from flask_restful import Resource\n\n\nclass Stats(Resource):\n"


@pytest.mark.parametrize("views, tasks_extra", [
    # the worker builds the view and calls its method directly
    (RESOURCE + f"    def get(self):\n        return {DIAL}\n", "from app.views import Stats\n\nSTATS = Stats().get()\n"),
    # a static method may be called on the class from anywhere
    (RESOURCE + f"    @staticmethod\n    def fetch():\n        return {DIAL}\n\n    def get(self):\n"
     "        return self.fetch()\n", "from app.views import Stats\n\nSTATS = Stats.fetch()\n"),
    # __init__ of a view Flask builds once, when it is registered
    (RESOURCE + f"    def __init__(self):\n        self.stats = {DIAL}\n", ""),
    # a base of another library named like a view (django-import-export's Resource) is no view
    ("from import_export.resources import Resource\n\n\nclass Stats(Resource):\n"
     f"    def get(self):\n        return {DIAL}\n", ""),
])
def test_a_view_method_called_otherwise_keeps_the_finding(tmp_path, views, tasks_extra):
    found = _services(tmp_path, views, tasks_extra)
    assert found == BOTH


CLIENT = "import requests\n\n\nclass StatsClient:\n    def __init__(self):\n" \
         f"        self.stats = {DIAL}\n"


@pytest.mark.parametrize("tasks_extra, services", [
    ("", ("web",)),
    # the worker builds the client class itself
    ("from app.client import StatsClient\n\nSTATS = StatsClient().stats\n", ("web", "worker")),
])
def test_a_client_class_only_a_view_method_builds(tmp_path, tasks_extra, services):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "client.py").write_text(CLIENT)
    views = "from flask_restful import Resource\n\nfrom app.client import StatsClient\n\n\n" \
            "class Stats(Resource):\n    def get(self):\n        return StatsClient().stats\n"
    assert _services(tmp_path, views, tasks_extra) == [("DW101", services)]


@pytest.mark.parametrize("tasks_extra, services", [
    ("", ("web",)),
    ("from app.client import fetch_stats\n\nSTATS = fetch_stats()\n", ("web", "worker")),
])
def test_a_helper_only_a_view_method_calls(tmp_path, tasks_extra, services):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "client.py").write_text(f"import requests\n\n\ndef fetch_stats():\n    return {DIAL}\n")
    views = "from flask_restful import Resource\n\nfrom app.client import fetch_stats\n\n\n" \
            "class Stats(Resource):\n    def get(self):\n        return fetch_stats()\n"
    assert _services(tmp_path, views, tasks_extra) == [("DW101", services)]
