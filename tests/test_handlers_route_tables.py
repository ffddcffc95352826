"""A view function handed to a route table (Django's ``path("stats/", views.stats)``, Flask's
``add_url_rule(..., view_func=stats)``, Starlette's ``Route("/stats", stats)``) is a request
handler, as if a route decorator registered it: the table's mention of it runs it only where a
server receives requests.  A Celery worker of a Django project loads the project's URLconf and
views with its settings, yet no request reaches them there; a worker that calls the view
directly, or names it another way, keeps the finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

VIEW = "import requests\n\n\ndef stats(request):\n    return requests.get(\"http://localhost:9400/stats\").json()\n"
URLS = "from django.urls import path\n\nfrom shop import views\n\nurlpatterns = [\n" \
       "    path(\"stats/\", views.stats, name=\"stats\"),\n]\n"


def _django(tmp_path: Path, urls: str = URLS, tasks: str = "") -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: gunicorn mysite.wsgi:application -b 0.0.0.0:8000\n"
                        "    ports: [\"8000:8000\"]\n"
                        "  worker:\n    build: .\n    command: celery -A mysite worker -l info\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "manage.py": "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings\")\n",
        "mysite/__init__.py": "from .celery import app\n",
        "mysite/celery.py": "import os\n\nfrom celery import Celery\n\n"
                            "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings\")\n"
                            "app = Celery(\"mysite\", broker=\"redis://cache:6379/0\")\n"
                            "app.config_from_object(\"django.conf:settings\", namespace=\"CELERY\")\n"
                            "app.autodiscover_tasks()\n",
        "mysite/settings.py": "INSTALLED_APPS = [\"django.contrib.admin\", \"shop\"]\nROOT_URLCONF = \"mysite.urls\"\n",
        "mysite/wsgi.py": "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings\")\n",
        "mysite/urls.py": "from django.urls import include, path\n\n"
                          "urlpatterns = [path(\"shop/\", include(\"shop.urls\"))]\n",
        "shop/__init__.py": "", "shop/models.py": "",
        "shop/views.py": VIEW,
        "shop/urls.py": urls,
        "shop/tasks.py": "from celery import shared_task\n" + tasks +
                         "\n\n@shared_task\ndef ping():\n    return \"pong\"\n",
    }, git=True)
    return [(f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_django_view_runs_only_where_requests_are_served(tmp_path):
    assert _django(tmp_path) == [("DW101", ("web",))]


@pytest.mark.parametrize("urls, tasks", [
    # the worker calls the view itself
    (URLS, "from shop.views import stats\n\nSTATS = stats(None)\n"),
    # the table names the view another way as well: a list of callbacks
    (URLS + "\nHOOKS = [views.stats]\n", ""),
    # a call that is no route registration
    ("from shop import views\n\nschedule = [register(views.stats)]\n", ""),
])
def test_a_view_named_otherwise_keeps_the_finding(tmp_path, urls, tasks):
    assert _django(tmp_path, urls, tasks) == [("DW101", ("web", "worker"))]


def _flask(tmp_path: Path, register: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: gunicorn app.main:app -b 0.0.0.0:8000\n"
                        "  worker:\n    build: .\n    command: celery -A app.tasks worker\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/views.py": VIEW,
        "app/main.py": register,
        "app/tasks.py": "from celery import Celery\nfrom app import main  # noqa: F401\n\n"
                        "celery = Celery(\"app\", broker=\"redis://cache:6379/0\")\n",
    }, git=True)
    return [(f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("register", [
    "from flask import Flask\n\nfrom app.views import stats\n\napp = Flask(__name__)\n"
    "app.add_url_rule(\"/stats\", view_func=stats)\n",
    "from starlette.applications import Starlette\nfrom starlette.routing import Route\n\n"
    "from app import views\n\napp = Starlette(routes=[\n    Route(\"/stats\", views.stats),\n])\n",
])
def test_a_view_in_an_application_route_table(tmp_path, register):
    assert _flask(tmp_path, register) == [("DW101", ("web",))]
