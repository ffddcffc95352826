"""A settings class a selector builds only under one arm of a ``match`` on its parameter
(``case Env.CONTAINER: return ContainerSettings()``, ``case _: return HostSettings()``), or
under the ``else`` of an ``if`` chain on it, is loaded only where the value the container passes
takes that arm (``flow/selection.py`` branch_keys). A project whose Compose file runs the app
with ``APP_ENV=container`` and keeps its host-run addresses in the default arm has no finding
there; where the container's value takes the default arm, or is unknown, the class is judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

MATCH = '''import os
from enum import StrEnum

from pydantic_settings import BaseSettings


class Env(StrEnum):
    HOST = "host"
    CONTAINER = "container"


class HostSettings(BaseSettings):
    cache_url: str = "redis://127.0.0.1:16379/0"


class ContainerSettings(BaseSettings):
    cache_url: str = "redis://kv:6379/0"


def load(env):
    match env:
        case Env.CONTAINER | "compose":
            return ContainerSettings()
        case _:
            return HostSettings()


settings = load(env=os.getenv("APP_ENV", "host"))
'''

IF_ELSE = '''import os

from pydantic_settings import BaseSettings


class HostSettings(BaseSettings):
    cache_url: str = "redis://127.0.0.1:16379/0"


class ContainerSettings(BaseSettings):
    cache_url: str = "redis://kv:6379/0"


def load(env):
    if env == "container":
        return ContainerSettings()
    elif env == "compose":
        return ContainerSettings()
    else:
        return HostSettings()


settings = load(os.getenv("APP_ENV", "host"))
'''

MAIN = '''import redis

from app.config import settings

redis.from_url(settings.cache_url).ping()
'''


def _lines(tmp_path: Path, config: str, env: str | None) -> list[int]:
    environment = f"    environment:\n      APP_ENV: {env}\n" if env is not None else ""
    compose = ("services:\n  kv:\n    image: redis:7\n    ports:\n      - \"16379:6379\"\n"
               "  worker:\n    build: .\n    command: python -m app\n" + environment)
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
                    "app/__init__.py": "", "app/config.py": config, "app/__main__.py": MAIN}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(f.span.line for f in result.active if f.span.path == "app/config.py")


@pytest.mark.parametrize("config", [MATCH, IF_ELSE])
@pytest.mark.parametrize("env", ["container", "compose"])
def test_the_containers_value_takes_another_arm(tmp_path, config, env):
    assert _lines(tmp_path, config, env) == []


@pytest.mark.parametrize("config,line", [(MATCH, 13), (IF_ELSE, 7)])
def test_the_default_arm_is_taken_where_the_value_is_no_other_arms(tmp_path, config, line):
    assert _lines(tmp_path, config, "laptop") == [line]
    assert _lines(tmp_path, config, None) == [line]  # the read's default, "host"


def test_a_plain_enums_member_equals_no_string(tmp_path):
    # `class Env(Enum)`: `"container"` matches no `case Env.CONTAINER`, so the default arm
    # may run whatever the container passes
    config = MATCH.replace("from enum import StrEnum", "from enum import Enum").replace("(StrEnum)", "(Enum)")
    assert _lines(tmp_path, config, "container") == [13]
