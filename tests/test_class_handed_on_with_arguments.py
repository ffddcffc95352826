"""A class only handed on to be built later, with its constructor's arguments beside it
(a dependency-injection provider, ``providers.Singleton(Store, url=settings.store_url)``,
or ``functools.partial(Store, url=...)``), is built with them: the constructor's parameter
default (``url="http://localhost:9200"``) never applies where every hand-on gives that
argument; a hand-on that leaves it out keeps the default alive."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

STORE = '''import httpx


class Store:
    def __init__(self, url: str = "http://localhost:9200", timeout: int = 5):
        self._client = httpx.Client(base_url=url, timeout=timeout)

    def ping(self):
        return self._client.get("/").status_code
'''

WIRING = '''import functools
import os

from dependency_injector import containers, providers

from shelf.store import Store


class Wiring(containers.DeclarativeContainer):
    store = {provider}


def main():
    print(Wiring().store().ping())


if __name__ == "__main__":
    main()
'''


def findings(tmp_path, provider: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  shelf:\n    build: .\n    command: python -m shelf.wiring\n"
                         "    environment:\n      STORE_URL: http://search:9200\n"
                         "  search:\n    image: opensearchproject/opensearch:2\n"),
        "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
        "shelf/__init__.py": "",
        "shelf/store.py": STORE,
        "shelf/wiring.py": WIRING.replace("{provider}", provider),
    }, git=True)
    return [(f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("provider", [
    'providers.Singleton(Store, url=os.environ["STORE_URL"])',
    'providers.Factory(Store, url=os.environ["STORE_URL"], timeout=3)',
    'functools.partial(Store, url=os.environ["STORE_URL"])',
])
def test_every_hand_on_giving_the_argument_overrides_the_default(tmp_path, provider):
    assert findings(tmp_path, provider) == []


@pytest.mark.parametrize("provider", [
    "providers.Singleton(Store, timeout=3)",
    "functools.partial(Store)",
])
def test_a_hand_on_without_the_argument_keeps_the_default(tmp_path, provider):
    # recall guard: handed on without `url`, the store dials its loopback default
    assert findings(tmp_path, provider) == [("shelf/store.py", 5)]
