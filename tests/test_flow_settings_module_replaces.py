"""A Django setting written in a shared settings module is not dialled in a container whose
``DJANGO_SETTINGS_MODULE`` loads another module that star-imports it and then binds the setting
again at its top level, whole or by key (``flow/settingsmodule.py``, ``rules/frameworks.yaml``
settings_env).  A container loading a module that keeps the shared value still dials it, and a
replacement inside a branch, or followed by another star import, replaces nothing."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  queue:
    image: redis:7
  site:
    build: .
    command: gunicorn shop.wsgi:application
    environment:
      DJANGO_SETTINGS_MODULE: shop.conf.{site}
  worker:
    build: .
    command: celery -A shop worker
    environment:
      DJANGO_SETTINGS_MODULE: shop.conf.{worker}
"""
COMMON = """\
SECRET = "x"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}
"""


def _findings(tmp_path: Path, deployed: str, site: str = "deployed", worker: str = "deployed",
              extra: dict[str, str] | None = None) -> list[tuple]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(site=site, worker=worker),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        "shop/__init__.py": "",
        "shop/celery.py": "from celery import Celery\n\napp = Celery('shop')\napp.config_from_object('django.conf:settings')\n",
        "shop/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
        "shop/conf/__init__.py": "",
        "shop/conf/common.py": COMMON,
        "shop/conf/deployed.py": deployed,
        "shop/conf/laptop.py": "from .common import *\n\nDEBUG = True\n",
        **(extra or {}),
    }, git=True)
    return sorted((f.span.path, f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("deployed", [
    'from .common import *\n\nCACHES = {"default": {"BACKEND": "x", "LOCATION": "redis://queue:6379/0"}}\n',
    'from .common import *\n\nCACHES["default"]["LOCATION"] = "redis://queue:6379/0"\n',
    'from .common import *\n\nQUEUE_URL = "redis://queue:6379/0"\nCACHES["default"] = {"BACKEND": "x", "LOCATION": QUEUE_URL}\n',
])
def test_the_loaded_settings_module_replacing_the_setting_keeps_the_shared_value_out(tmp_path, deployed):
    assert _findings(tmp_path, deployed) == []


def test_a_module_that_keeps_the_shared_value_still_dials_it(tmp_path):
    got = _findings(tmp_path, "from .common import *\n\nDEBUG = False\n")
    assert [(p, c) for p, c, _ in got] == [("shop/conf/common.py", "DW101")]


def test_only_the_container_loading_the_keeping_module_is_reported(tmp_path):
    deployed = 'from .common import *\n\nCACHES["default"]["LOCATION"] = "redis://queue:6379/0"\n'
    got = _findings(tmp_path, deployed, site="deployed", worker="laptop")
    assert got == [("shop/conf/common.py", "DW101", ("worker",))]


@pytest.mark.parametrize("deployed", [
    # in a branch: it may not run
    'import os\nfrom .common import *\n\nif os.getenv("IN_CLUSTER"):\n    CACHES["default"]["LOCATION"] = "redis://queue:6379/0"\n',
    # a later star import may bring the shared value back
    'from .common import *\n\nCACHES["default"]["LOCATION"] = "redis://queue:6379/0"\nfrom .common import *\n',
    # another key of the setting
    'from .common import *\n\nCACHES["default"]["TIMEOUT"] = 60\n',
])
def test_a_replacement_that_may_not_hold_replaces_nothing(tmp_path, deployed):
    got = _findings(tmp_path, deployed)
    assert [(p, c) for p, c, _ in got] == [("shop/conf/common.py", "DW101")]


def test_a_replacement_through_a_chain_of_star_imports_counts(tmp_path):
    middle = {"shop/conf/middle.py": "from .common import *\n\nTIME_ZONE = 'UTC'\n"}
    deployed = 'from .middle import *\n\nCACHES["default"]["LOCATION"] = "redis://queue:6379/0"\n'
    assert _findings(tmp_path, deployed, extra=middle) == []


def test_a_loaded_module_that_takes_nothing_from_the_shared_one_decides_nothing(tmp_path):
    # the code, not the environment, picks the settings module that writes the value
    forced = {"shop/wsgi.py": ('import os\nos.environ["DJANGO_SETTINGS_MODULE"] = "shop.conf.common"\n'
                               "from django.core.wsgi import get_wsgi_application\n\n"
                               "application = get_wsgi_application()\n")}
    deployed = 'CACHES = {"default": {"BACKEND": "x", "LOCATION": "redis://queue:6379/0"}}\n'
    got = _findings(tmp_path, deployed, extra=forced)
    assert [(p, c) for p, c, _ in got] == [("shop/conf/common.py", "DW101")]
