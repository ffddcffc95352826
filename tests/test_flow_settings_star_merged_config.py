"""A settings module that takes a shared module's names by a star import, then star-imports
a module whose top level merges an operator's configuration file into its namespace
(``from .shared import *`` then ``from .yaml_config import *``, where yaml_config.py does
``vars().update(yaml.safe_load(f))``): the names that second import hands on are the file's,
so the shared module's value is a default that file configures, not dialled in a container
loading it.  The merging import before the shared one, inside a ``try``, a merge of a mapping
the code spells without the setting, and a plain second module keep the finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  cache:
    image: memcached:1.6
  board:
    build: .
    command: gunicorn panel.wsgi:application
    environment:
      DJANGO_SETTINGS_MODULE: panel.settings.production
"""
BASE = """\
DEBUG = False
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "LOCATION": "127.0.0.1:11211",
    }
}
"""
MERGING = """\
from os import environ

import yaml

with open(environ["PANEL_CFG"]) as f:
    config_from_yaml = yaml.safe_load(f)

vars().update(config_from_yaml)
"""


def _findings(tmp_path: Path, production: str, config: str = MERGING) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv/\n",
        "panel/__init__.py": "",
        "panel/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
        "panel/settings/__init__.py": "",
        "panel/settings/base.py": BASE,
        "panel/settings/yaml_config.py": config,
        "panel/settings/production.py": production,
    }, git=True)
    return sorted((f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


FOUND = [("panel/settings/base.py", "DW101")]


@pytest.mark.parametrize("production", [
    "from panel.settings.base import *\nfrom panel.settings.yaml_config import *\n\nALLOWED_HOSTS = ['*']\n",
    "from .base import *\nfrom .yaml_config import *\n",
])
def test_a_star_imported_config_merge_after_the_shared_module_replaces_it(tmp_path, production):
    assert _findings(tmp_path, production) == []


def test_the_merge_imported_before_the_shared_module_keeps_the_finding(tmp_path):
    assert _findings(tmp_path, "from .yaml_config import *\nfrom .base import *\n") == FOUND


def test_a_merge_imported_inside_a_try_keeps_the_finding(tmp_path):
    production = "from .base import *\n\ntry:\n    from .yaml_config import *\nexcept ImportError:\n    pass\n"
    assert _findings(tmp_path, production) == FOUND


def test_a_spelled_mapping_without_the_setting_keeps_the_finding(tmp_path):
    config = 'vars().update({"DEBUG": True})\n'
    assert _findings(tmp_path, "from .base import *\nfrom .yaml_config import *\n", config) == FOUND


def test_a_second_module_that_merges_nothing_keeps_the_finding(tmp_path):
    config = 'ALLOWED_HOSTS = ["*"]\n'
    assert _findings(tmp_path, "from .base import *\nfrom .yaml_config import *\n", config) == FOUND
