"""A mail host a shared settings module writes (``EMAIL_HOST = "localhost"`` in ``base.py``) is
dialled only by Django's SMTP backend.  In a container whose start command cannot be followed
(judged on every file it holds), which module of the settings package it loads is unknown: where
one module of the package takes the shared names and then sets another backend (a file or
console backend for development), the host is not known to be dialled, as where that module
replaced the host itself (``flow/settingsmodule.py`` kept_by_every).  Where every module keeps the
SMTP backend, the host is still judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  relay:
    image: example/mailrelay:2
  portal:
    image: example/portal-runtime:3
    volumes:
      - .:/srv/portal
    command: /srv/launch.sh
    depends_on: [relay]
"""
MANAGE = """\
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.live")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
"""
SHARED = 'SECRET_KEY = "k"\nEMAIL_HOST = "localhost"\nEMAIL_PORT = 25\n'
LIVE = "from portal.settings.shared import *\n\nDEBUG = False\n"
WORKBENCH = ("from portal.settings.shared import *\n\nDEBUG = True\n"
             'EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"\n'
             'EMAIL_FILE_PATH = "/tmp/outbox"\n')


def _findings(tmp_path: Path, workbench: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "manage.py": MANAGE,
        "portal/__init__.py": "",
        "portal/settings/__init__.py": "",
        "portal/settings/shared.py": SHARED,
        "portal/settings/live.py": LIVE,
        "portal/settings/workbench.py": workbench,
    }, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_module_of_the_package_that_sets_another_backend_leaves_the_host_unknown(tmp_path):
    assert _findings(tmp_path, WORKBENCH) == []


def test_a_host_every_module_dials_with_smtp_is_still_reported(tmp_path):
    kept = "from portal.settings.shared import *\n\nDEBUG = True\n"
    assert _findings(tmp_path, kept) == [("portal/settings/shared.py", 2, "DW101")]
