"""Flower (``celery -A proj flower``, or the ``flower`` program) imports the Celery app only
for its configuration and watches the broker: it runs no task, so the app's database, cache
or storage settings never dial in its container.  A localhost DATABASE_URL the Flower
service inherits from a shared env file (the web service overrides it) is no finding for
Flower, and a settings literal dialled by the web service is reported for the web service
only.  Flower's broker is still judged, and a worker running the same app still dials
everything (recall guards)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CELERY = '''import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
app = Celery("shop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
'''
SETTINGS = '''import os

CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "%s", "PORT": 5432}}
'''
# settings that read DATABASE_URL (dj-database-url reads it by its documented name): where
# nothing reads it, a shared .env's DATABASE_URL is no evidence for a container at all
SETTINGS_DB_URL = SETTINGS.replace("import os\n", "import os\n\nimport dj_database_url\n").replace(
    '"HOST": "%s"', '"HOST": "db"') + 'DATABASES["default"] = dj_database_url.config() or DATABASES["default"]  # %s\n'


def _found(tmp_path: Path, *, env_file: str, flower: str, db_host: str = "db",
           flower_cmd: str = "celery -A shop flower --port=5555", worker: bool = False,
           settings: str = SETTINGS) -> list[tuple[str, int, tuple]]:
    services = (
        "  db:\n    image: postgres:16\n  redis:\n    image: redis:7\n"
        "  web:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n    env_file: .env\n"
        "    environment:\n      DATABASE_URL: postgresql://app@db:5432/app\n      CELERY_BROKER_URL: redis://redis:6379/0\n"
        f"  flower:\n    build: .\n    command: {flower_cmd}\n    env_file: .env\n{flower}"
    )
    if worker:
        services += "  worker:\n    build: .\n    command: celery -A shop worker -l info\n    env_file: .env\n" \
                    "    environment:\n      CELERY_BROKER_URL: redis://redis:6379/0\n"
    make(tmp_path, {
        "compose.yaml": "services:\n" + services,
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\n",
        ".env": env_file,
        "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n'
                     'from django.core.management import execute_from_command_line\nexecute_from_command_line()\n',
        "shop/__init__.py": "from shop.celery import app\n",
        "shop/celery.py": CELERY,
        "shop/settings.py": settings % db_host,
    }, git=True)
    return sorted((f.span.path, f.span.line, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


BROKER = "    environment:\n      CELERY_BROKER_URL: redis://redis:6379/0\n"


@pytest.mark.parametrize("cmd", ["celery -A shop flower --port=5555", "flower -A shop --port=5555"])
def test_flower_does_not_dial_the_apps_database(tmp_path, cmd):
    assert _found(tmp_path, env_file="DATABASE_URL=postgresql://app@localhost:5432/app\n", flower=BROKER,
                  flower_cmd=cmd) == []


def test_a_settings_literal_is_reported_for_the_services_that_dial_it(tmp_path):
    got = _found(tmp_path, env_file="", flower=BROKER, db_host="localhost")
    assert got == [("shop/settings.py", 4, ("web",))]


def test_recall_flowers_broker_is_still_judged(tmp_path):
    got = _found(tmp_path, env_file="CELERY_BROKER_URL=redis://localhost:6379/0\n", flower="")
    assert got == [(".env", 1, ("flower",))]


def test_recall_a_worker_of_the_same_app_dials_its_database(tmp_path):
    # the app's settings read DATABASE_URL (dj-database-url): the worker dials it, Flower does not
    got = _found(tmp_path, env_file="DATABASE_URL=postgresql://app@localhost:5432/app\n", flower=BROKER, worker=True,
                 settings=SETTINGS_DB_URL)
    assert got == [(".env", 1, ("worker",))]


# celery's own monitoring and control subcommands load the app the same way and talk to the
# broker alone (celery/bin/events.py, control.py, ...)
@pytest.mark.parametrize("cmd", ["celery -A shop events", "celery -l info -A shop events --dump",
                                 "celery --app=shop inspect ping", "celery -A shop status"])
def test_celery_monitor_subcommands_do_not_dial_the_apps_database(tmp_path, cmd):
    assert _found(tmp_path, env_file="DATABASE_URL=postgresql://app@localhost:5432/app\n", flower=BROKER,
                  flower_cmd=cmd) == []


def test_recall_a_monitor_subcommands_broker_is_still_judged(tmp_path):
    got = _found(tmp_path, env_file="CELERY_BROKER_URL=redis://localhost:6379/0\n", flower="",
                 flower_cmd="celery -A shop events")
    assert got == [(".env", 1, ("flower",))]


# an events camera runs its own code (a snapshot writer may store to the database), and beat
# runs a scheduler that may read one: both stay judged like a worker
@pytest.mark.parametrize("cmd", ["celery -A shop events --camera shop.cam.Camera --frequency=2.0",
                                 "celery -A shop events -c shop.cam.Camera", "celery -A shop beat -l info"])
def test_recall_camera_and_beat_still_dial_the_apps_database(tmp_path, cmd):
    got = _found(tmp_path, env_file="DATABASE_URL=postgresql://app@localhost:5432/app\n", flower=BROKER,
                 flower_cmd=cmd, settings=SETTINGS_DB_URL)
    assert got == [(".env", 1, ("flower",))]
