"""Django imports an installed app's ``models`` and ``apps`` (and the admin its ``admin``), but
no ``signals``, ``receivers`` or ``handlers`` module: the project connects those itself, by
importing them (``AppConfig.ready``: ``import shop.signals``).  A ``receivers.py`` nothing
imports never runs in the container, and the broker it would dial is no finding; the module
``ready()`` imports keeps its finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ("SECRET_KEY = 'x'\nROOT_URLCONF = 'site_conf.urls'\n"
            "INSTALLED_APPS = ['django.contrib.contenttypes', 'ledger']\n")
MANAGE = ("import os\nimport sys\n\n"
          "if __name__ == '__main__':\n"
          "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_conf.settings')\n"
          "    from django.core.management import execute_from_command_line\n"
          "    execute_from_command_line(sys.argv)\n")
APPS = ("from django.apps import AppConfig\n\n\n"
        "class LedgerConfig(AppConfig):\n    name = 'ledger'\n\n"
        "    def ready(self):\n        import ledger.signals  # noqa: F401\n")
MODELS = "from django.db import models\n\n\nclass Entry(models.Model):\n    note = models.TextField()\n"


def _hook(host: str) -> str:
    return ("from celery import Celery\nfrom django.db.models.signals import post_save\n"
            "from django.dispatch import receiver\n\nfrom .models import Entry\n\n"
            f"bus = Celery('ledger', broker='amqp://guest:guest@{host}:5672//')\n\n\n"
            "@receiver(post_save, sender=Entry)\ndef announce(sender, instance, **kwargs):\n"
            "    bus.send_task('books.tasks.record', args=[instance.pk])\n")


def _paths(tmp_path: Path, files: dict[str, str]) -> list[str]:
    compose = ("services:\n"
               "  books:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n"
               "  mq:\n    image: rabbitmq:3\n")
    make(tmp_path, {"compose.yaml": compose,
                    "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
                    "manage.py": MANAGE, "site_conf/__init__.py": "",
                    "site_conf/settings.py": SETTINGS, "site_conf/urls.py": "urlpatterns = []\n",
                    "ledger/__init__.py": "", "ledger/apps.py": APPS, "ledger/models.py": MODELS,
                    **files}, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).findings)


def test_a_receivers_module_nothing_imports_is_not_run(tmp_path):
    assert _paths(tmp_path, {"ledger/signals.py": _hook("mq"),
                             "ledger/receivers.py": _hook("localhost")}) == []


def test_a_handlers_module_nothing_imports_is_not_run(tmp_path):
    assert _paths(tmp_path, {"ledger/signals.py": _hook("mq"),
                             "ledger/handlers.py": _hook("localhost")}) == []


def test_a_signals_module_nothing_imports_is_not_run(tmp_path):
    assert _paths(tmp_path, {"ledger/apps.py": APPS.split("\n\n    def ready")[0] + "\n",
                             "ledger/signals.py": _hook("localhost")}) == []


def test_the_module_ready_imports_keeps_its_finding(tmp_path):
    assert _paths(tmp_path, {"ledger/signals.py": _hook("localhost")}) == ["ledger/signals.py"]
