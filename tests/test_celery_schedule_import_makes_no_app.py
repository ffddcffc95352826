"""A Django settings module that imports ``crontab`` from ``celery.schedules`` (for a beat
schedule it lists) makes no Celery app: its ``CELERY_BROKER_URL`` is read only by a process
that builds one (``celery -A``, or a package ``__init__`` that imports the project's Celery
module).  A web container whose code imports nothing else of Celery never dials it; one whose
package imports the app still does (rules/flow.yaml ``setting_reader_idle_imports``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('from celery.schedules import crontab\n\n'
            'SECRET_KEY = "x"\n'
            'INSTALLED_APPS = ["django.contrib.admin", "jobs"]\n'
            'ROOT_URLCONF = "site_pkg.urls"\n'
            'CELERY_BROKER_URL = "redis://localhost:6379/0"\n'
            'CELERY_BEAT_SCHEDULE = {"nightly": {"task": "jobs.tasks.nightly", "schedule": crontab(hour=1)}}\n')
WSGI = ('import os\n\nfrom django.core.wsgi import get_wsgi_application\n\n'
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_pkg.settings")\n'
        'application = get_wsgi_application()\n')
CELERY_MOD = ('import os\n\nfrom celery import Celery\n\n'
              'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_pkg.settings")\n'
              'app = Celery("site_pkg")\napp.config_from_object("django.conf:settings", namespace="CELERY")\n'
              'app.autodiscover_tasks()\n')
TASKS = ('from site_pkg.worker_app import app\n\n\n@app.task\ndef nightly():\n    return 1\n')


def _files(init: str) -> dict[str, str]:
    return {
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD [\"gunicorn\", \"site_pkg.wsgi:application\"]\n",
        "manage.py": ('import os\nimport sys\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_pkg.settings")\n'
                      "from django.core.management import execute_from_command_line\n\n"
                      "execute_from_command_line(sys.argv)\n"),
        "site_pkg/__init__.py": init,
        "site_pkg/settings.py": SETTINGS,
        "site_pkg/wsgi.py": WSGI,
        "site_pkg/urls.py": "urlpatterns = []\n",
        "site_pkg/worker_app.py": CELERY_MOD,
        "jobs/__init__.py": "",
        "jobs/tasks.py": TASKS,
    }


def _codes(tmp_path: Path, init: str) -> list[tuple[str, str]]:
    make(tmp_path, _files(init), git=True)
    return [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_web_image_whose_settings_only_import_a_schedule_never_dials_the_broker(tmp_path):
    assert _codes(tmp_path, "") == []


def test_a_package_that_imports_the_celery_app_still_dials_it(tmp_path):
    init = "from .worker_app import app as celery_app\n\n__all__ = (\"celery_app\",)\n"
    assert _codes(tmp_path, init) == [("DW101", "site_pkg/settings.py")]


def test_a_plain_import_of_the_schedules_module_makes_no_app_either(tmp_path):
    make(tmp_path, _files(""), git=True)
    settings = tmp_path / "site_pkg" / "settings.py"
    settings.write_text(SETTINGS.replace("from celery.schedules import crontab\n",
                                         "import celery.schedules\n\ncrontab = celery.schedules.crontab\n"))
    assert [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active] == []


def test_a_celery_worker_still_autodiscovers_each_installed_apps_tasks(tmp_path):
    files = _files("")
    files["jobs/tasks.py"] = TASKS + '\nimport redis\n\nLOCKS = redis.Redis(host="localhost", port=6379)\n'
    files["compose.yaml"] = ("services:\n  web:\n    build: .\n"
                             "  worker:\n    build: .\n    command: celery -A site_pkg.worker_app worker\n"
                             "  redis:\n    image: redis:7\n")
    make(tmp_path, files, git=True)
    found = sorted((f.code, f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)
    assert found == [("DW101", "jobs/tasks.py", ("worker",)), ("DW101", "site_pkg/settings.py", ("worker",))]
