"""What a Django project's task worker loads of the request side, and runs of it.

A Celery worker of a Django project imports ROOT_URLCONF (every urls module it includes, the
views they import) and, where the admin is installed, the MIDDLEWARE classes: Celery's Django
fixup runs the system checks as the worker starts.  It calls none of them: a middleware's
methods, like a view's body, run only where a server receives requests (rules/flow.yaml
middleware_classes, middleware_init_params; flow/handlers.py), while a client built at the top
level of a module a view imports is built in the worker too.  WSGI_APPLICATION and
ASGI_APPLICATION are loaded by a server alone (`manage.py runserver`): a module only the ASGI
application imports is not part of a worker's container (rules/frameworks.yaml module_lists
``served_only``).  A task that calls a middleware or a view itself runs it in the worker."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = """\
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "shop"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware", "shop.middleware.HitCounter",
              "shop.middleware.Audit"]
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "site_conf.wsgi.application"
ASGI_APPLICATION = "site_conf.asgi.application"
"""
MIDDLEWARE = """\
import redis
from django.utils.deprecation import MiddlewareMixin


class HitCounter:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redis.Redis.from_url("redis://localhost:6379/0").incr("hits")
        return self.get_response(request)


class Audit(MiddlewareMixin):
    def process_request(self, request):
        redis.Redis.from_url("redis://localhost:6379/1").lpush("audit", request.path)
"""
SERVICES = """\
import pymongo

client = pymongo.MongoClient("mongodb://localhost:27017")


def recent():
    return client.shop.orders.find()
"""
VIEWS = """\
import psycopg

from shop.services import recent


def report(request):
    list(recent())
    with psycopg.connect("postgresql://shop@localhost:5432/shop") as conn:
        return conn.execute("select 1").fetchone()
"""
TASKS = """\
from celery import shared_task
import pika


@shared_task
def notify():
    pika.BlockingConnection(pika.URLParameters("amqp://guest@localhost:5672/"))
"""
CELERY = """\
import os
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")
app = Celery("site_conf")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
"""
ASGI = """\
import os

from channels.routing import ProtocolTypeRouter

from shop import feeds

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")
application = ProtocolTypeRouter({})
"""
FEEDS = """\
import redis

channel = redis.Redis(host="localhost", port=6379, db=2)
"""
MANAGE = """\
import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")
execute_from_command_line(sys.argv)
"""


def _findings(tmp_path: Path, commands: dict[str, str], extra: dict[str, str] | None = None) \
        -> dict[tuple[str, int], tuple[str, ...]]:
    services = "".join(f"  {name}:\n    build: .\n    command: {cmd}\n"
                       "    environment:\n      DJANGO_SETTINGS_MODULE: site_conf.settings\n"
                       for name, cmd in commands.items())
    make(tmp_path, {
        "compose.yaml": "services:\n" + services + "  cache:\n    image: redis:7\n"
                        "  db:\n    image: postgres:16\n  mq:\n    image: rabbitmq:3\n  mongo:\n    image: mongo:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "manage.py": MANAGE,
        "site_conf/__init__.py": "from .celery import app\n",
        "site_conf/celery.py": CELERY,
        "site_conf/settings.py": SETTINGS,
        "site_conf/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
        "site_conf/asgi.py": ASGI,
        "shop/__init__.py": "",
        "shop/middleware.py": MIDDLEWARE,
        "shop/feeds.py": FEEDS,
        "shop/views.py": VIEWS,
        "shop/services.py": SERVICES,
        "shop/urls.py": "from django.urls import path\n\nfrom shop import views\n\n"
                        "urlpatterns = [path('report/', views.report)]\n",
        "shop/tasks.py": TASKS,
        **(extra or {}),
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return {(str(f.span.path).rsplit("/", 1)[-1], f.span.line): tuple(sorted(f.services)) for f in found}


WORKER = "celery -A site_conf worker -l info"


def test_the_worker_beside_a_server_is_not_named_for_the_middleware(tmp_path: Path) -> None:
    got = _findings(tmp_path, {"web": "gunicorn site_conf.wsgi:application -b 0.0.0.0:8000", "worker": WORKER})
    assert got[("middleware.py", 10)] == ("web",)  # __call__ of a get_response factory
    assert got[("middleware.py", 16)] == ("web",)  # process_request of a MiddlewareMixin
    assert got[("views.py", 8)] == ("web",)
    # built as the worker's system checks import the URLconf, and the views with it
    assert got[("services.py", 3)] == ("web", "worker")
    assert got[("tasks.py", 7)] == ("worker",)  # a task body runs in the worker alone


def test_a_worker_alone_runs_no_middleware_view_or_asgi_module(tmp_path: Path) -> None:
    got = _findings(tmp_path, {"worker": WORKER})
    assert {path for path, _ in got} == {"services.py", "tasks.py"}
    assert got[("tasks.py", 7)] == ("worker",)  # its own tasks still dial


def test_a_development_server_loads_the_asgi_application(tmp_path: Path) -> None:
    got = _findings(tmp_path, {"web": "python manage.py runserver 0.0.0.0:8000", "worker": WORKER})
    assert got[("feeds.py", 3)] == ("web",)
    assert got[("middleware.py", 10)] == ("web",)


def test_a_task_calling_the_middleware_runs_it_in_the_worker(tmp_path: Path) -> None:
    call = "\n\n@shared_task\ndef warm():\n    from shop.middleware import HitCounter\n    HitCounter(print)(None)\n"
    got = _findings(tmp_path, {"worker": WORKER}, {"shop/tasks.py": TASKS + call})
    assert got[("middleware.py", 10)] == ("worker",)
