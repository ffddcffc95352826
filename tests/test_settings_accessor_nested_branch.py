"""A branch on a settings field read through an accessor's instance (``cfg = load_config()``,
a cached function returning ``AppConfig()``) or two attributes deep, through a field that
holds a settings class of its own (``queue: QueueConfig = Field(default_factory=QueueConfig)``
where ``QueueConfig`` reads ``TALLY_QUEUE_*``): the service's environment decides it, as it
does for a module-level instance's field.  A service that selects another backend never dials
the Redis default; one that selects Redis still does."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

CONFIG = '''from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class QueueConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TALLY_QUEUE_")

    kind: str = "memory"
    broker_url: str = "redis://localhost:6379/3"


class AppConfig(BaseSettings):
    cache_on: bool = False
    cache_host: str = "localhost"
    queue: QueueConfig = Field(default_factory=QueueConfig)


@lru_cache
def load_config() -> AppConfig:
    return AppConfig()
'''

NESTED = '''import redis

from tally.config import load_config


def make_queue():
    cfg = load_config()
    if cfg.queue.kind == "redis":
        return redis.Redis.from_url(cfg.queue.broker_url)
    return []


QUEUE = make_queue()
'''

FLAT = '''import redis

from tally.config import load_config


def make_cache():
    cfg = load_config()
    if cfg.cache_on:
        return redis.Redis(host=cfg.cache_host, port=6379)
    return None


CACHE = make_cache()
'''


def flagged(tmp_path: Path, main: str, env: str) -> list[tuple[str, str]]:
    compose = ("services:\n  tally:\n    build: .\n    command: python -m tally.main\n"
               f"    environment:\n{env}  cache:\n    image: redis:7\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
                    "tally/__init__.py": "", "tally/config.py": CONFIG, "tally/main.py": main}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_a_nested_settings_branch_the_environment_turns_off_is_not_dialled(tmp_path, kind):
    assert flagged(tmp_path, NESTED, f"      TALLY_QUEUE_KIND: {kind}\n") == []


def test_the_nested_branch_left_at_its_default_is_off(tmp_path):
    assert flagged(tmp_path, NESTED, "      TZ: UTC\n") == []


def test_the_nested_branch_the_environment_selects_is_dialled(tmp_path):
    assert flagged(tmp_path, NESTED, "      TALLY_QUEUE_KIND: redis\n") == [("tally/config.py", "DW101")]


def test_a_flag_of_an_accessor_instance_set_off_is_not_dialled(tmp_path):
    assert flagged(tmp_path, FLAT, "      CACHE_ON: \"false\"\n") == []


def test_a_flag_of_an_accessor_instance_set_on_is_dialled(tmp_path):
    assert flagged(tmp_path, FLAT, "      CACHE_ON: \"true\"\n") == [("tally/config.py", "DW101")]


def test_a_holder_that_fills_nested_fields_itself_keeps_the_finding(tmp_path):
    # `QUEUE__KIND` of the holder may select Redis whatever `TALLY_QUEUE_KIND` says
    nested = CONFIG.replace("class AppConfig(BaseSettings):\n",
                            "class AppConfig(BaseSettings):\n    model_config = SettingsConfigDict(env_nested_delimiter=\"__\")\n\n")
    compose = ("services:\n  tally:\n    build: .\n    command: python -m tally.main\n"
               "    environment:\n      TALLY_QUEUE_KIND: memory\n  cache:\n    image: redis:7\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
                    "tally/__init__.py": "", "tally/config.py": nested, "tally/main.py": NESTED}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert sorted((f.span.path, f.code) for f in result.active) == [("tally/config.py", "DW101")]
