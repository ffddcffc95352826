"""A strong-named variable read as the ``or`` fallback of a configured value
(``url = cfg.cache_url or os.getenv("CACHE_URL", "redis://localhost:6379/0")``) is the
operator's fallback, as any part after a configured value is: its default is no finding by
the variable's name alone.  Read on its own (``os.getenv("CACHE_URL", "redis://...")``), the
default is dialled where the service leaves the variable unset."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CACHE = '''import os

import redis


class CacheBox:
    def __init__(self, cfg):
        url = {value}
        self._client = redis.Redis.from_url(url)

    def get(self, key):
        return self._client.get(key)
'''

MAIN = '''from tally.cache import CacheBox


class Options:
    cache_url = None


def main():
    print(CacheBox(Options()).get("hits"))


if __name__ == "__main__":
    main()
'''


def findings(tmp_path, value: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  tally:\n    build: .\n    command: python -m tally.main\n"
                         "  cache:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
        "tally/__init__.py": "",
        "tally/cache.py": CACHE.replace("{value}", value),
        "tally/main.py": MAIN,
    }, git=True)
    return [(f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("value", [
    'cfg.cache_url or os.getenv("CACHE_URL", "redis://localhost:6379/0")',
    'cfg.cache_url or os.environ.get("CACHE_URL", "redis://localhost:6379/0")',
])
def test_env_default_behind_a_configured_value_is_the_operators(tmp_path, value):
    assert findings(tmp_path, value) == []


def test_env_default_read_alone_is_dialled(tmp_path):
    # recall guard: no configured value before it, the default reaches the client
    assert findings(tmp_path, 'os.getenv("CACHE_URL", "redis://localhost:6379/0")') == [("tally/cache.py", 8)]
