"""A settings module that star-imports shared defaults and then, unconditionally, a module of
the project the tree does not hold (``from .deploy_local import *``: a file the entrypoint or
the operator writes at deploy time, kept out of version control) may replace any of those
defaults: its names are not known.  The shared module's loopback database host is then no
evidence of a dial, whether the settings module is named by the service's environment or by
the code's default (``os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...)`` in ``manage.py``,
which the container does not override).  Without that import the default is dialled and
reported.  Likewise a setting written only under ``if "CACHES" not in locals():`` after such an
import: the branch runs where that file leaves the name unset, which the code does not show."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MANAGE = '''import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sitecfg.settings")
from django.core.management import execute_from_command_line
execute_from_command_line(sys.argv)
'''
DEFAULTS = '''DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app",
                         "HOST": "localhost", "PORT": "5432"}}
'''


def _found(tmp_path: Path, local_import: bool, env: bool) -> list[tuple[str, tuple[str, ...]]]:
    settings = "import os\n\nfrom .defaults import *\n"
    if local_import:
        settings += "from .deploy_local import *\n"
    settings += "\nSECRET_KEY = os.environ.get('APP_SECRET', 'x')\n"
    environment = "    environment:\n      DJANGO_SETTINGS_MODULE: sitecfg.settings\n" if env else ""
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n"
                        + environment + "  pg:\n    image: postgres:16\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\n",
        "manage.py": MANAGE,
        "sitecfg/__init__.py": "",
        "sitecfg/defaults.py": DEFAULTS,
        "sitecfg/settings.py": settings,
    }, git=True)
    return sorted((f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("env", [False, True])
def test_an_absent_module_star_imported_after_the_defaults_may_replace_them(tmp_path, env):
    assert _found(tmp_path, True, env) == []


@pytest.mark.parametrize("env", [False, True])
def test_recall_without_it_the_default_is_dialled(tmp_path, env):
    assert _found(tmp_path, False, env) == [("sitecfg/defaults.py", ("web",))]


GUARDED = '''from .defaults import *
%s
if "CACHES" not in locals():
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
                          "LOCATION": "127.0.0.1:11211"}}
'''


def _guarded(tmp_path: Path, local_import: bool) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: python manage.py runserver 0.0.0.0:8000\n"
                        "  mc:\n    image: memcached:1.6\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\n",
        "manage.py": MANAGE,
        "sitecfg/__init__.py": "",
        "sitecfg/defaults.py": "SECRET_KEY = 'x'\n",
        "sitecfg/settings.py": GUARDED % ("from .deploy_local import *\n" if local_import else ""),
    }, git=True)
    return sorted((f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_default_set_only_where_the_absent_module_left_it_unset_is_silent(tmp_path):
    # `if "CACHES" not in locals():` after the deploy-time star import: that file may set it
    assert _guarded(tmp_path, True) == []


def test_recall_the_guard_alone_runs_where_nothing_before_binds_it(tmp_path):
    assert _guarded(tmp_path, False) == [("sitecfg/settings.py", ("web",))]
