"""A settings constant whose address names a service (``REPORTS_UPSTREAM = "reports:8080"``) is
evidence by its own form in every container that imports the settings.  Where the only code
that reads it is a request handler (a reverse-proxy view's ``upstream`` class attribute, a
view's method), it is dialled where a server receives those requests: a Celery worker that
imports the same settings serves none, so it is no target there, and a worker on another
network than the service gets no DW104 for it.  The same constant read by a task, or in the
settings module itself, is still the worker's (recall), and a web server on the wrong network
is still told."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """services:
  reports:
    image: example/reports:1
    networks: [back]
  rabbit:
    image: rabbitmq:3
  web:
    build: .
    command: gunicorn shop.wsgi:application --bind 0.0.0.0:8000
    networks: [{web_net}]
  worker:
    build: .
    command: celery -A shop worker -l info
networks:
  back: {{}}
  front: {{}}
"""

VIEWS_PROXY = """from django.conf import settings
from revproxy.views import ProxyView


class ReportsProxy(ProxyView):
    upstream = "http://" + settings.REPORTS_UPSTREAM
    add_remote_user = True
"""

VIEWS_METHOD = """import requests
from django.conf import settings
from django.views import View


class ReportsView(View):
    def get(self, request):
        return requests.get("http://" + settings.REPORTS_UPSTREAM + "/summary")
"""

TASKS_READING = """import requests
from celery import shared_task
from django.conf import settings


@shared_task
def refresh():
    return requests.post("http://" + settings.REPORTS_UPSTREAM + "/refresh")
"""

TASKS_IDLE = """from celery import shared_task


@shared_task
def tidy():
    return 1
"""


def _found(tmp_path: Path, views: str, tasks: str = TASKS_IDLE, web_net: str = "back") -> list[tuple[str, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(web_net=web_net),
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
        "shop/__init__.py": "from shop.celery import app\n",
        "shop/celery.py": "from celery import Celery\n\napp = Celery('shop', broker='amqp://guest@rabbit:5672//')\n"
                          "app.config_from_object('django.conf:settings')\n"
                          "from shop import settings, tasks  # noqa\n",
        "shop/settings.py": "ROOT_URLCONF = 'shop.urls'\nREPORTS_UPSTREAM = 'reports:8080'\n"
                            "from shop import urls  # noqa\n",
        "shop/urls.py": "from shop import views\nurlpatterns = []\n",
        "shop/views.py": views,
        "shop/tasks.py": tasks,
        "shop/wsgi.py": "from shop import settings, urls  # noqa\napplication = None\n",
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return sorted((f.span.path, f.code, tuple(f.services)) for f in found)


def _charged(got: list[tuple[str, str, tuple[str, ...]]]) -> set[str]:
    return {s for path, _, services in got if path == "shop/settings.py" for s in services}


def test_a_proxy_views_upstream_constant_is_not_the_workers(tmp_path):
    assert "worker" not in _charged(_found(tmp_path, VIEWS_PROXY))


def test_a_views_method_reading_the_constant_is_not_the_workers(tmp_path):
    assert "worker" not in _charged(_found(tmp_path, VIEWS_METHOD))


def test_recall_a_task_reading_the_constant_keeps_it_the_workers(tmp_path):
    got = _found(tmp_path, VIEWS_PROXY, tasks=TASKS_READING)
    assert ("shop/settings.py", "DW104", ("worker",)) in got


def test_recall_the_web_server_on_another_network_is_told(tmp_path):
    assert "web" in _charged(_found(tmp_path, VIEWS_PROXY, web_net="front"))
