"""Django builds its MIDDLEWARE classes, imports ROOT_URLCONF and loads WSGI_APPLICATION only to
handle requests: a task worker (``celery -A proj worker``) sets Django up and never does, so a
dial in a middleware runs in the web server's container, not the worker's (rules/frameworks.yaml
module_lists ``served_only``).  A module the worker's tasks import themselves still runs there, and
a container whose start may serve (gunicorn, ``manage.py runserver``) loads the lists as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = """\
INSTALLED_APPS = ["django.contrib.auth", "shop"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware", "shop.middleware.HitCounter"]
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "site_conf.wsgi.application"
"""
MIDDLEWARE = """\
import redis


class HitCounter:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redis.Redis.from_url("redis://localhost:6379/0").incr("hits")
        return self.get_response(request)
"""
VIEWS = """\
import psycopg


def report(request):
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


def _findings(tmp_path: Path, commands: dict[str, str], extra: dict[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    services = "".join(f"  {name}:\n    build: .\n    command: {cmd}\n"
                       "    environment:\n      DJANGO_SETTINGS_MODULE: site_conf.settings\n"
                       for name, cmd in commands.items())
    make(tmp_path, {
        "compose.yaml": "services:\n" + services + "  cache:\n    image: redis:7\n"
                        "  db:\n    image: postgres:16\n  mq:\n    image: rabbitmq:3\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "site_conf/__init__.py": "from .celery import app\n",
        "site_conf/celery.py": CELERY,
        "site_conf/settings.py": SETTINGS,
        "site_conf/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
        "shop/__init__.py": "",
        "shop/middleware.py": MIDDLEWARE,
        "shop/views.py": VIEWS,
        "shop/urls.py": "from django.urls import path\n\nfrom shop import views\n\n"
                        "urlpatterns = [path('report/', views.report)]\n",
        "shop/tasks.py": TASKS,
        "manage.py": "import os\nimport sys\n\nfrom django.core.management import execute_from_command_line\n\n"
                     "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_conf.settings')\n"
                     "execute_from_command_line(sys.argv)\n",
        **(extra or {}),
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return {str(f.span.path).rsplit("/", 1)[-1]: tuple(sorted(f.services)) for f in found}


def test_the_worker_beside_a_server_is_not_named_for_the_middleware(tmp_path: Path) -> None:
    got = _findings(tmp_path, {"web": "gunicorn site_conf.wsgi:application -b 0.0.0.0:8000",
                               "worker": "celery -A site_conf worker -l info"})
    assert got["middleware.py"] == ("web",)
    assert got["views.py"] == ("web",)
    assert got["tasks.py"] == ("worker",)  # a task body runs in the worker alone


def test_a_worker_alone_runs_no_middleware_and_no_view(tmp_path: Path) -> None:
    got = _findings(tmp_path, {"worker": "celery -A site_conf worker -l info"})
    assert "middleware.py" not in got
    assert "views.py" not in got
    assert got["tasks.py"] == ("worker",)  # its own tasks still dial


def test_a_development_server_loads_the_middleware(tmp_path: Path) -> None:
    got = _findings(tmp_path, {"web": "python manage.py runserver 0.0.0.0:8000",
                               "worker": "celery -A site_conf worker -l info"})
    assert got["middleware.py"] == ("web",)


def test_a_task_importing_a_view_module_runs_it_in_the_worker(tmp_path: Path) -> None:
    nightly = "\n\n@shared_task\ndef nightly():\n    from shop.views import report\n    report(None)\n"
    got = _findings(tmp_path, {"worker": "celery -A site_conf worker -l info"}, {"shop/tasks.py": TASKS + nightly})
    assert got["views.py"] == ("worker",)
