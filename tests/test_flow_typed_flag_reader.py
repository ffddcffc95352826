"""A variable read only in a branch that a typed boolean flag turns off is read nowhere.

Django settings often keep an optional integration behind a switch:
``USE_S3 = config("USE_S3", default=False, cast=bool)`` then ``if USE_S3:
AWS_S3_ENDPOINT_URL = config("AWS_S3_ENDPOINT_URL")``.  Where the container's environment
sets ``USE_S3=False``, the endpoint is never read there, so the ``localhost`` value the same
env file gives it is never dialled.  The flag is read by a typed reader (decouple's
``cast=bool``, django-environ's ``env.bool``) or by the project's own wrapper of one
(``get_bool("USE_S3")`` returning ``config(key, default=default, cast=bool)``): each parses
``"False"`` as false, where the text itself would be true.  Where the flag is on, or the
reader's cast is one dockwise does not know, the finding stays.
"""
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
    command: python manage.py runserver 0.0.0.0:8000
    env_file: [.env]
    environment:
      DJANGO_SETTINGS_MODULE: site_cfg.settings
"""

MANAGE = """\
import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cfg.settings")
execute_from_command_line(sys.argv)
"""

ENV_HELPERS = """\
from decouple import AutoConfig

_config = AutoConfig(search_path=".")


def get_str(key, *, default=""):
    return _config(key, default=default)


def get_bool(key, *, default=False):
    return _config(key, default=default, cast=bool)
"""

SETTINGS = {
    "decouple": """\
from decouple import config

USE_S3 = config("USE_S3", default=False, cast=bool)
if USE_S3:
    STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    AWS_S3_ENDPOINT_URL = config("AWS_S3_ENDPOINT_URL", default="")
""",
    "environ": """\
import environ

env = environ.Env()
USE_S3 = env.bool("USE_S3", default=False)
if USE_S3:
    STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default="")
""",
    "wrapper": """\
from site_cfg.env import get_bool, get_str

USE_S3 = get_bool("USE_S3", default=False)
if USE_S3:
    STORAGES = {"default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    AWS_S3_ENDPOINT_URL = get_str("AWS_S3_ENDPOINT_URL", default="")
""",
    "unknown-cast": """\
from decouple import config

from site_cfg.parse import yes_no

USE_S3 = config("USE_S3", default=False, cast=yes_no)
if USE_S3:
    AWS_S3_ENDPOINT_URL = config("AWS_S3_ENDPOINT_URL", default="")
""",
}


def _flagged(tmp_path: Path, shape: str, flag: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        ".env": f"USE_S3={flag}\nAWS_S3_ENDPOINT_URL=http://localhost:9000\n",
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "manage.py": MANAGE,
        "site_cfg/__init__.py": "",
        "site_cfg/env.py": ENV_HELPERS,
        "site_cfg/parse.py": "def yes_no(text):\n    return text.strip().lower() in ('no', 'n')\n",
        "site_cfg/settings.py": SETTINGS[shape],
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).findings if f.span.path == ".env"]


@pytest.mark.parametrize("shape", ["decouple", "environ", "wrapper"])
def test_a_value_read_only_behind_a_flag_the_environment_turns_off_is_not_dialled(tmp_path, shape):
    assert _flagged(tmp_path, shape, "False") == []


@pytest.mark.parametrize("shape", ["decouple", "environ", "wrapper"])
def test_the_flag_turned_on_keeps_the_finding(tmp_path, shape):
    assert _flagged(tmp_path, shape, "True") == ["DW101"]


def test_a_cast_dockwise_does_not_know_keeps_the_finding(tmp_path):
    """``cast=yes_no`` may read "False" any way: the branch is not known to be off."""
    assert _flagged(tmp_path, "unknown-cast", "False") == ["DW101"]
