"""Celery's settings (``CELERY_BROKER_URL``...) are read by Celery, not by Flask or Django:
in a container whose code is known (its start command followed), a value there is dialled
only where that code imports celery (rules/flow.yaml ``setting_readers``).  A container
judged on every file it holds (a settings module mounted into an image whose code is not in
the tree) keeps them dialled (``readers_need_known_code``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

CONFIG = ("class Config:\n"
          '    SECRET_KEY = "dev"\n'
          '    CELERY_BROKER_URL = "redis://localhost:6379/0"\n')
APP = ("from flask import Flask\n\nfrom web.config import Config\n\n"
       "app = Flask(__name__)\napp.config.from_object(Config)\n")
TASKS = ("from celery import Celery\n\nfrom web.config import Config\n\n"
         'celery_app = Celery("web", broker=Config.CELERY_BROKER_URL)\n')
WEB = "  web:\n    build: .\n    command: gunicorn web.app:app\n"
WORKER = "  worker:\n    build: .\n    command: celery -A web.tasks worker\n"


def findings(tmp_path: Path, services: str, files: dict[str, str]) -> list[tuple[str, str, tuple[str, ...]]]:
    make(tmp_path, {"compose.yaml": "services:\n" + services + "  redis:\n    image: redis:7\n",
                    "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n", **files}, git=True)
    return [(f.code, f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_celery_setting_in_a_web_container_that_never_imports_celery_is_not_dialled(tmp_path):
    files = {"web/__init__.py": "", "web/config.py": CONFIG, "web/app.py": APP, "web/tasks.py": TASKS}
    assert findings(tmp_path, WEB, files) == []


def test_the_worker_that_makes_the_celery_app_dials_it(tmp_path):
    files = {"web/__init__.py": "", "web/config.py": CONFIG, "web/app.py": APP, "web/tasks.py": TASKS}
    [(code, path, services)] = findings(tmp_path, WEB + WORKER, files)
    assert (code, path, "worker" in services) == ("DW101", "web/config.py", True)


def test_a_settings_module_mounted_into_an_image_whose_code_is_not_here_stays_dialled(tmp_path):
    services = ("  app:\n    image: example/prebuilt-app:1.0\n"
                "    volumes:\n      - ./conf/settings.py:/app/settings.py\n")
    files = {"conf/settings.py": 'CELERY_BROKER_URL = "redis://localhost:6379/0"\n'}
    assert findings(tmp_path, services, files) == [("DW101", "conf/settings.py", ("app",))]
