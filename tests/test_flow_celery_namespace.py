"""A Celery app that loads the Django settings with a namespace
(``app.config_from_object("django.conf:settings", namespace="CELERY")``) looks each setting up
as ``CELERY_<KEY>`` first, in every source: the settings module's ``CELERY_BROKER_URL`` wins
over the app's own ``broker=`` and ``app.conf.broker_url = ...``, which are then never dialled
(rules/flow.yaml ``namespaced_settings``).  Where the settings module binds no such name, loads
without a namespace, or binds it only in a branch, the app's own value stays dialled."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WORKER = ("services:\n  worker:\n    build: .\n    command: celery -A proj.celery worker\n"
          "    environment:\n      DJANGO_SETTINGS_MODULE: proj.settings\n"
          "  redis:\n    image: redis:7\n")
LOAD = 'app.config_from_object("django.conf:settings", namespace="CELERY")\n'


def celery_module(own: str, load: str = LOAD) -> str:
    return ("import os\n\nfrom celery import Celery\n\n"
            'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n'
            + own + load + "app.autodiscover_tasks()\n")


def findings(tmp_path: Path, files: dict[str, str], compose: str = WORKER) -> list[tuple[str, str, int]]:
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                    "proj/__init__.py": "", **files}, git=True)
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


CTOR = 'app = Celery("proj", broker="redis://localhost:6379/0")\n'
CONF = 'app = Celery("proj")\n' + LOAD + 'app.conf.broker_url = "redis://localhost:6379/0"\n'


def test_the_constructor_broker_loses_to_the_namespaced_setting(tmp_path):
    files = {"proj/celery.py": celery_module(CTOR),
             "proj/settings.py": 'CELERY_BROKER_URL = "redis://redis:6379/0"\n'}
    assert findings(tmp_path, files) == []


def test_a_conf_broker_set_after_the_load_loses_to_it_too(tmp_path):
    files = {"proj/celery.py": celery_module(CONF, load=""),
             "proj/settings.py": 'import os\n\nCELERY_BROKER_URL = os.environ.get("BROKER")\n'}
    assert findings(tmp_path, files) == []


def test_a_name_a_shared_settings_module_binds_through_a_star_import_counts(tmp_path):
    files = {"proj/celery.py": celery_module(CTOR),
             "proj/base.py": 'CELERY_BROKER_URL = "redis://redis:6379/0"\n',
             "proj/settings.py": "from proj.base import *\n\nDEBUG = False\n"}
    assert findings(tmp_path, files) == []


def test_the_settings_value_itself_is_still_judged(tmp_path):
    files = {"proj/celery.py": celery_module('app = Celery("proj", broker="redis://redis:6379/0")\n'),
             "proj/settings.py": 'CELERY_BROKER_URL = "redis://localhost:6379/0"\n'}
    assert findings(tmp_path, files) == [("DW101", "proj/settings.py", 1)]


def test_settings_without_the_name_leave_the_app_broker_dialled(tmp_path):
    files = {"proj/celery.py": celery_module(CTOR), "proj/settings.py": "DEBUG = False\n"}
    assert findings(tmp_path, files) == [("DW101", "proj/celery.py", 6)]


def test_a_load_without_a_namespace_leaves_the_app_broker_dialled(tmp_path):
    files = {"proj/celery.py": celery_module(CTOR, load='app.config_from_object("django.conf:settings")\n'),
             "proj/settings.py": 'CELERY_BROKER_URL = "redis://redis:6379/0"\n'}
    assert findings(tmp_path, files) == [("DW101", "proj/celery.py", 6)]


def test_a_name_bound_only_in_a_branch_leaves_the_app_broker_dialled(tmp_path):
    files = {"proj/celery.py": celery_module(CTOR),
             "proj/settings.py": 'import os\n\nif os.environ.get("PROD"):\n'
                                 '    CELERY_BROKER_URL = "redis://redis:6379/0"\n'}
    assert findings(tmp_path, files) == [("DW101", "proj/celery.py", 6)]


def test_the_backend_the_settings_leave_unset_stays_dialled_beside_the_broker(tmp_path):
    own = 'app = Celery("proj")\napp.conf.broker_url = "redis://localhost:6379/0"\n' \
          'app.conf.result_backend = "redis://localhost:6379/1"\n'
    files = {"proj/celery.py": celery_module(own),
             "proj/settings.py": 'CELERY_BROKER_URL = "redis://redis:6379/0"\n'}
    assert findings(tmp_path, files) == [("DW101", "proj/celery.py", 8)]


def test_the_settings_object_imported_by_name_is_the_same_source(tmp_path):
    load = "from django.conf import settings\n\napp.config_from_object(settings, namespace='CELERY')\n"
    files = {"proj/celery.py": celery_module(CTOR, load=load),
             "proj/settings.py": 'CELERY_BROKER_URL = "redis://redis:6379/0"\n'}
    assert findings(tmp_path, files) == []
