"""Django's ``autodiscover_modules("alerts")`` imports that submodule of every installed app
(as the admin's autodiscovery imports each ``admin``): a project that registers its hooks so
runs ``alerts.py`` of each app in its container, and a loopback broker it dials there is a
finding.  Without the call nothing imports it, and it stays silent."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ("SECRET_KEY = 'x'\nROOT_URLCONF = 'hub_conf.urls'\n"
            "INSTALLED_APPS = ['django.contrib.contenttypes', 'inbox.apps.InboxConfig']\n")
MANAGE = ("import os\nimport sys\n\n"
          "if __name__ == '__main__':\n"
          "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hub_conf.settings')\n"
          "    from django.core.management import execute_from_command_line\n"
          "    execute_from_command_line(sys.argv)\n")
ALERTS = ("import redis\n\n"
          "feed = redis.Redis.from_url('redis://localhost:6379/2')\n\n\n"
          "def notify(text):\n    feed.publish('alerts', text)\n\n\nnotify('loaded')\n")


def _apps(discovers: bool) -> str:
    body = ("    def ready(self):\n        autodiscover_modules('alerts')\n" if discovers
            else "    verbose_name = 'Inbox'\n")
    return ("from django.apps import AppConfig\nfrom django.utils.module_loading import autodiscover_modules\n\n\n"
            f"class InboxConfig(AppConfig):\n    name = 'inbox'\n{body}")


def _paths(tmp_path: Path, discovers: bool) -> list[str]:
    compose = ("services:\n"
               "  hub:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n"
               "  kv:\n    image: redis:7\n")
    make(tmp_path, {"compose.yaml": compose,
                    "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
                    "manage.py": MANAGE, "hub_conf/__init__.py": "",
                    "hub_conf/settings.py": SETTINGS, "hub_conf/urls.py": "urlpatterns = []\n",
                    "inbox/__init__.py": "", "inbox/apps.py": _apps(discovers),
                    "inbox/models.py": "", "inbox/alerts.py": ALERTS}, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).findings)


def test_the_autodiscovered_submodule_runs_in_the_container(tmp_path):
    assert _paths(tmp_path, discovers=True) == ["inbox/alerts.py"]


def test_without_the_call_nothing_imports_it(tmp_path):
    assert _paths(tmp_path, discovers=False) == []
