"""A Celery app that loads the Django settings with a namespace
(``config_from_object("django.conf:settings", namespace="CELERY")``) looks the broker up as
``CELERY_BROKER_URL`` first and reaches the old, unprefixed ``BROKER_URL`` only where that name
is missing (celery/utils/collections.py ``ConfigurationView.__getitem__``: the namespaced key,
the key, then its old name).  Where the settings module the container loads binds both, the
``BROKER_URL`` value is never dialled; where it binds only ``BROKER_URL``, or the app loads the
settings without a namespace, that value is still the broker."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WORKER = ("services:\n  worker:\n    build: .\n    command: celery -A proj.celery worker\n"
          "    environment:\n      DJANGO_SETTINGS_MODULE: proj.settings.dev\n"
          "  redis:\n    image: redis:7\n  mq:\n    image: rabbitmq:3\n")
LOAD = 'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
OLD = 'BROKER_URL = "redis://localhost:6379"\n'
NEW = 'CELERY_BROKER_URL = "amqp://mq:5672//"\n'


def celery_module(load: str = LOAD) -> str:
    return ("import os\n\nfrom celery import Celery\n\n"
            'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.base")\n'
            'app = Celery("proj")\n' + load + "app.autodiscover_tasks()\n")


def findings(tmp_path: Path, base: str, dev: str, load: str = LOAD) -> list[tuple[str, str, int]]:
    make(tmp_path, {"compose.yaml": WORKER, "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                    "proj/__init__.py": "", "proj/celery.py": celery_module(load),
                    "proj/settings/__init__.py": "", "proj/settings/base.py": base,
                    "proj/settings/dev.py": dev}, git=True)
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_an_old_broker_name_the_namespaced_name_shadows_is_not_dialled(tmp_path):
    assert findings(tmp_path, "DEBUG = True\n" + OLD, "from .base import *\n\n" + NEW) == []


def test_both_names_in_one_module_shadow_too(tmp_path):
    assert findings(tmp_path, OLD + NEW, "from .base import *\n") == []


def test_the_old_name_alone_is_still_the_broker(tmp_path):
    assert findings(tmp_path, "DEBUG = True\n" + OLD, "from .base import *\n") == \
        [("DW101", "proj/settings/base.py", 2)]


def test_a_load_without_a_namespace_reads_the_old_name(tmp_path):
    assert findings(tmp_path, "DEBUG = True\n" + OLD, "from .base import *\n\n" + NEW,
                    load='app.config_from_object("django.conf:settings")\n') == \
        [("DW101", "proj/settings/base.py", 2)]


def test_the_namespaced_name_itself_is_still_judged(tmp_path):
    bad = 'CELERY_BROKER_URL = "amqp://localhost:5672//"\n'
    assert findings(tmp_path, "DEBUG = True\n" + OLD, "from .base import *\n\n" + bad) == \
        [("DW101", "proj/settings/dev.py", 3)]
