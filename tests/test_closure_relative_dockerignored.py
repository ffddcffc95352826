"""A relative import names a file of the project, but the container holds only what its build
copied: a settings module that ``.dockerignore`` keeps out of the build context
(``try: from .dev import *`` / ``except ModuleNotFoundError: from .prod import *``, with
``dev.py`` ignored) is not in the image, so the import fails there and its addresses are
dialled nowhere in that container.  The module the fallback imports runs, and its findings
stay; so does the ignored module where a bind mount puts it back."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
    command: gunicorn core.wsgi:application -b 0.0.0.0:8000
  minio:
    image: minio/minio
    command: server /data
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY app/ .\n"
SETTINGS_INIT = ("try:\n    from .dev import *  # noqa\n"
                 "except ModuleNotFoundError:\n    from .prod import *  # noqa\n")
WSGI = ("import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'core.settings')\n"
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n")
SETTINGS = "INSTALLED_APPS = ['core']\nROOT_URLCONF = 'core.urls'\nBACKUP_ENDPOINT = '{}:9000'\n"
FILES = {
    "Dockerfile": DOCKERFILE,
    "app/core/__init__.py": "",
    "app/core/wsgi.py": WSGI,
    "app/core/urls.py": "from . import backup\n\nurlpatterns = []\n",
    "app/core/backup.py": "from django.conf import settings\nfrom minio import Minio\n\nclient = Minio(settings.BACKUP_ENDPOINT)\n",
    "app/core/settings/__init__.py": SETTINGS_INIT,
    "app/core/settings/dev.py": SETTINGS.format("127.0.0.1"),
    "app/core/settings/prod.py": SETTINGS.format("localhost"),
}


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, int]]:
    make(tmp_path, files, git=True)
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_dockerignored_module_is_not_imported_relatively(tmp_path):
    files = {**FILES, "compose.yaml": COMPOSE, ".dockerignore": "app/core/settings/dev.py\n"}
    assert _findings(tmp_path, files) == [("DW101", "app/core/settings/prod.py", 3)]


def test_without_the_dockerignore_both_run(tmp_path):
    files = {**FILES, "compose.yaml": COMPOSE}
    assert _findings(tmp_path, files) == [("DW101", "app/core/settings/dev.py", 3),
                                          ("DW101", "app/core/settings/prod.py", 3)]


def test_a_bind_mount_puts_the_ignored_module_back(tmp_path):
    compose = COMPOSE.replace("    command: gunicorn",
                              "    volumes:\n      - ./app:/srv\n    command: gunicorn", 1)
    files = {**FILES, "compose.yaml": compose, ".dockerignore": "app/core/settings/dev.py\n"}
    assert _findings(tmp_path, files) == [("DW101", "app/core/settings/dev.py", 3),
                                          ("DW101", "app/core/settings/prod.py", 3)]
