"""A container whose start command cannot be followed (a ready-made image running its own start
script, with the project mounted in) is judged on every file it holds; which module of a
settings package it loads is then unknown.  The module a ``setdefault`` in ``manage.py`` names
is only a default that the image's environment may replace, so a setting is dialled there only
where every module of the package keeps it (``flow/settingsmodule.py`` kept_by_every), or where
the service's own environment names the module."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  cache:
    image: memcached:1.6
  db:
    image: postgres:16
  site:
    image: example/shop-runtime:latest
    volumes:
      - .:/srv/shop/code
    command: /srv/shop/start.sh web
    depends_on: [cache, db]
"""
MANAGE = """\
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.local")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
"""
BASE = ('SECRET_KEY = "x"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", '
        '"HOST": "127.0.0.1", "PORT": 5432}}\n')
CACHE = ('CACHES = {"default": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", '
         '"LOCATION": "%s"}}\n')
LOCAL = "from shop.settings.base import *\n\n" + CACHE % "127.0.0.1:11211"
DEPLOYED = ("from shop.settings.base import *\n\n"
            'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db"}}\n'
            + CACHE % "cache:11211")


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    make(tmp_path, files, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def _project(compose: str = COMPOSE, **modules: str) -> dict[str, str]:
    files = {
        "compose.yaml": compose,
        "manage.py": MANAGE,
        "shop/__init__.py": "",
        "shop/settings/__init__.py": "",
        "shop/settings/base.py": BASE,
        "shop/settings/local.py": LOCAL,
        "shop/settings/deployed.py": DEPLOYED,
    }
    files.update({name.replace("__", "/") + ".py": text for name, text in modules.items()})
    return files


def test_a_shared_value_one_module_of_the_package_replaces_is_not_known_dialled(tmp_path):
    found = _findings(tmp_path, _project())
    assert ("shop/settings/base.py", 2, "DW101") not in found


def test_a_value_of_one_module_the_others_do_not_take_is_not_known_dialled(tmp_path):
    assert _findings(tmp_path, _project()) == []


def test_a_shared_value_every_module_keeps_is_still_dialled(tmp_path):
    deployed = DEPLOYED.replace('DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db"}}\n', "")
    assert _findings(tmp_path, _project(shop__settings__deployed=deployed)) == [
        ("shop/settings/base.py", 2, "DW101")]


def test_the_module_the_services_environment_names_is_the_one_loaded(tmp_path):
    compose = COMPOSE.replace("    depends_on:", "    environment:\n"
                              "      DJANGO_SETTINGS_MODULE: shop.settings.local\n    depends_on:")
    assert _findings(tmp_path, _project(compose=compose)) == [
        ("shop/settings/base.py", 2, "DW101"), ("shop/settings/local.py", 3, "DW101")]


def test_a_single_settings_module_is_still_judged(tmp_path):
    files = _project()
    for rel in ("shop/settings/__init__.py", "shop/settings/base.py", "shop/settings/local.py",
                "shop/settings/deployed.py"):
        del files[rel]
    files["shop/settings.py"] = BASE + CACHE % "127.0.0.1:11211"
    files["manage.py"] = MANAGE.replace("shop.settings.local", "shop.settings")
    assert _findings(tmp_path, files) == [("shop/settings.py", 2, "DW101"), ("shop/settings.py", 3, "DW101")]
