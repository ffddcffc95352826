"""A method of a class runs only where the class is built, and a class whose lineage lies
wholly in its own module (no framework base, decorator or metaclass that could find it) is
built only by code that names it.  A credentials mixin chosen by a dotted-path setting
(``PASSWORD_MIXIN = env("PASSWORD_MIXIN", "app.secrets:PlainMixin")``) whose default names
another class of the module never runs the other's method: its loopback vault address is no
finding, while the service's environment, code naming the class, or a framework base keeps it."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  web:
    build: .
    command: gunicorn app.wsgi:application
    environment:
      DJANGO_SETTINGS_MODULE: app.settings
{env}"""

SECRETS = """\
import requests


class PlainMixin:
    def credentials(self):
        return self.user, self.password


class VaultMixin(PlainMixin):
    vault_server = "localhost:8200"

    def credentials(self):
        reply = requests.get(f"http://{self.vault_server}/v1/creds/{self.name}")
        return reply.json()["user"], reply.json()["password"]
"""

MODELS = """\
import importlib

from django.conf import settings

path, name = settings.PASSWORD_MIXIN.split(":")
Mixin = getattr(importlib.import_module(path), name)


class Instance(Mixin):
    def connect(self):
        return self.credentials()
{extra}"""


def _codes(tmp_path: Path, env: str = "", models: str = "", secrets: str = SECRETS) -> list[str]:
    make(tmp_path, {
        "app/registry.py": "class Plugin:\n    pass\n",
        "compose.yaml": COMPOSE.format(env=env),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\n"
                       "import app.models\n\napplication = get_wsgi_application()\n",
        "app/settings.py": 'import os\n\nPASSWORD_MIXIN = os.getenv("PASSWORD_MIXIN", "app.secrets:PlainMixin")\n',
        "app/models.py": MODELS.replace("{extra}", models),
        "app/secrets.py": secrets,
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).findings]


def test_a_method_of_a_class_nothing_names_never_runs(tmp_path):
    assert _codes(tmp_path) == []


@pytest.mark.parametrize("env, models", [
    ("      PASSWORD_MIXIN: app.secrets:VaultMixin\n", ""),  # the environment selects it
    ("", "\n\nfrom app import secrets\n\n\nclass Pooled(secrets.VaultMixin):\n    pass\n"),  # a subclass
    ("", "\n\nfrom app import secrets\n\nFALLBACK = secrets.VaultMixin\n"),  # code names it
])
def test_a_class_the_service_names_keeps_its_finding(tmp_path, env, models):
    assert _codes(tmp_path, env, models) == ["DW101"]


def test_a_class_a_framework_may_find_keeps_its_finding(tmp_path):
    # a base from outside the project (a framework's plugin class) may find and build it unnamed
    secrets = "from pluginframework import Plugin\n" + SECRETS.replace("class VaultMixin(PlainMixin):",
                                                                        "class VaultMixin(PlainMixin, Plugin):")
    assert _codes(tmp_path, secrets=secrets) == ["DW101"]


@pytest.mark.parametrize("registry, expected", [
    # a base of another module of the project that registers its subclasses, or lets a
    # framework find them, may build the class unnamed
    ("class Plugin:\n    known = []\n\n    def __init_subclass__(cls):\n        Plugin.known.append(cls)\n",
     ["DW101"]),
    ("import abc\n\n\nclass Meta(abc.ABCMeta):\n    pass\n\n\nclass Plugin(metaclass=Meta):\n    pass\n", ["DW101"]),
    ("from pluginframework import Base\n\n\nclass Plugin(Base):\n    pass\n", ["DW101"]),
    # a lineage wholly in the project's plain classes: built only where code names it
    ("class Plugin:\n    pass\n", []),
    ("import abc\n\n\nclass Plugin(abc.ABC):\n    @abc.abstractmethod\n    def credentials(self):\n        ...\n", []),
])
def test_a_project_base_of_another_module(tmp_path, registry, expected):
    secrets = "from app.registry import Plugin\n" + SECRETS.replace("class VaultMixin(PlainMixin):",
                                                                     "class VaultMixin(PlainMixin, Plugin):")
    _codes(tmp_path, secrets=secrets)
    make(tmp_path, {"app/registry.py": registry})
    assert _codes_again(tmp_path) == expected


@pytest.mark.parametrize("models", [
    "\n\nPLUGINS = [c() for c in Instance.__mro__[1].__subclasses__()]\n",
    "\n\nimport inspect\n\nfrom app import secrets\n\nCLASSES = inspect.getmembers(secrets, inspect.isclass)\n",
    "\n\nfrom inspect import getmembers\n\nfrom app import secrets\n\nCLASSES = getmembers(secrets)\n",
])
def test_code_that_walks_classes_may_build_it(tmp_path, models):
    assert _codes(tmp_path, models=models) == ["DW101"]


def test_a_walk_of_a_base_reaches_its_subclasses(tmp_path):
    # `PlainMixin.__subclasses__()` may build VaultMixin, whose bases name PlainMixin
    models = "\n\nMIXINS = [c() for c in PlainMixin.__subclasses__()]\n".replace("PlainMixin", "secrets.PlainMixin")
    assert _codes(tmp_path, models="\n\nfrom app import secrets" + models) == ["DW101"]


def test_a_walk_of_an_unrelated_base_builds_no_other_class(tmp_path):
    # `Exporter.__subclasses__()` reaches Exporter's subclasses only, not the vault mixin
    models = "\n\nclass Exporter:\n    pass\n\n\nEXPORTERS = [c() for c in Exporter.__subclasses__()]\n"
    assert _codes(tmp_path, models=models) == []


def test_a_tar_archives_members_are_no_classes(tmp_path):
    # `tar.getmembers()` lists an archive's files: no class walker
    models = "\n\nimport tarfile\n\nNAMES = [m.name for m in tarfile.open('seed.tar').getmembers()]\n"
    assert _codes(tmp_path, models=models) == []


def test_a_container_of_unknown_start_command_may_build_it(tmp_path):
    # no start command known (the files it holds are judged): a program we do not see may build any class it holds
    _codes(tmp_path)
    make(tmp_path, {"compose.yaml": COMPOSE.format(env="").replace(
        "    command: gunicorn app.wsgi:application\n", "").replace("      DJANGO_SETTINGS_MODULE: app.settings\n", "")
        .replace("    environment:\n", ""),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n"})
    assert _codes_again(tmp_path) == ["DW101"]


def _codes_again(tmp_path: Path) -> list[str]:
    return [f.code for f in run_check([tmp_path], Config(cache=False)).findings]
