"""Django REST framework builds its authentication, permission and throttle classes (the
``REST_FRAMEWORK`` settings' ``DEFAULT_AUTHENTICATION_CLASSES``..., a view's
``authentication_classes``) for each request a view handles and calls their methods with that
request (rules/flow.yaml view_classes: ``rest_framework.authentication.*``,
``rest_framework.permissions.*``, ``rest_framework.throttling.*``).  A token check that asks an
identity server runs in the web server's container, not in a task worker that loads the same
settings; a task that builds the class and calls it runs it there."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = """\
INSTALLED_APPS = ["django.contrib.auth", "rest_framework", "accounts"]
ROOT_URLCONF = "site_conf.urls"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.auth.IdentityTokenAuth"],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.auth.KnownClient"],
}
"""
AUTH = """\
import requests
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission


class IdentityTokenAuth(BaseAuthentication):
    def authenticate(self, request):
        token = request.headers.get("Authorization", "")
        info = requests.post("http://localhost:8080/realms/app/introspect", data={"token": token}).json()
        return (info.get("sub"), token) if info.get("active") else None


class KnownClient(BasePermission):
    def has_permission(self, request, view):
        return requests.get("http://localhost:8080/realms/app/clients").ok
"""
TASKS = """\
import pika
from celery import shared_task


@shared_task
def notify():
    pika.BlockingConnection(pika.URLParameters("amqp://guest@localhost:5672/"))
{extra}"""
CELERY = """\
import os
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_conf.settings")
app = Celery("site_conf")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
"""


def _services(tmp_path: Path, extra: str = "") -> dict[str, tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: gunicorn site_conf.wsgi:application -b 0.0.0.0:8000\n"
                        "    environment:\n      DJANGO_SETTINGS_MODULE: site_conf.settings\n"
                        "  worker:\n    build: .\n    command: celery -A site_conf worker -l info\n"
                        "    environment:\n      DJANGO_SETTINGS_MODULE: site_conf.settings\n"
                        "  identity:\n    image: quay.io/keycloak/keycloak:25.0\n    command: start-dev\n"
                        "  mq:\n    image: rabbitmq:3\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "site_conf/__init__.py": "from .celery import app\n",
        "site_conf/celery.py": CELERY,
        "site_conf/settings.py": SETTINGS,
        "site_conf/urls.py": "urlpatterns = []\n",
        "site_conf/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
        "accounts/__init__.py": "",
        "accounts/auth.py": AUTH,
        "accounts/tasks.py": TASKS.format(extra=extra),
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return {f"{str(f.span.path).rsplit('/', 1)[-1]}:{f.span.line}": tuple(sorted(f.services)) for f in found}


def test_request_time_classes_run_in_the_server_alone(tmp_path: Path) -> None:
    got = _services(tmp_path)
    assert got["auth.py:9"] == ("web",)
    assert got["auth.py:15"] == ("web",)
    assert got["tasks.py:7"] == ("worker",)


def test_a_task_calling_the_class_runs_it_there(tmp_path: Path) -> None:
    extra = ("\n\n@shared_task\ndef audit(token):\n    from accounts.auth import IdentityTokenAuth\n\n"
             "    IdentityTokenAuth().authenticate(token)\n")
    got = _services(tmp_path, extra)
    assert got["auth.py:9"] == ("web", "worker")
