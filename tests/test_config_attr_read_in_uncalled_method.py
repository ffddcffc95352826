"""The default of a strong-named variable's read bound to ``self.<attr>`` in a configuration
class's ``__init__`` is no target where the attribute's only read sits in a method of that
class that nothing names: ``def store_options(self): return {"uri": self.store_uri}`` with no
``store_options`` anywhere else never runs, so the default reaches nothing.  A method that
some module calls (``cfg.cache_options()``) keeps its attribute's default judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  poller:
    build: .
    command: ["python", "-m", "relay.poll"]
    environment:
      - LOG_LEVEL=info
  docstore:
    image: mongo:7
  cache:
    image: redis:7
"""
DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /srv
COPY . .
"""
SETTINGS = """\
import os


class RelaySettings:
    def __init__(self):
        self.store_uri = os.getenv("MONGODB_URI", "mongodb://localhost:27017/relay")
        self.cache_url = os.getenv("REDIS_URL", "redis://localhost:6379/0")
        self.batch = int(os.getenv("RELAY_BATCH", "10"))

    def store_options(self):
        return {"uri": self.store_uri, "database": "relay"}

    def cache_options(self):
        return {"url": self.cache_url}


settings = RelaySettings()
"""
POLL = """\
from relay.settings import settings
from relay import sink

print(settings.batch)
sink.connect(settings.cache_options())
"""
SINK = """\
def connect(options):
    print(options)
"""


def _run(tmp_path: Path, poll: str = POLL) -> set[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": DOCKERFILE,
        "relay/__init__.py": "",
        "relay/settings.py": SETTINGS,
        "relay/poll.py": poll,
        "relay/sink.py": SINK,
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return {f"{f.span.path}:{f.span.line}" for f in found}


def test_an_attribute_read_only_by_a_method_nothing_calls(tmp_path: Path) -> None:
    assert _run(tmp_path) == {"relay/settings.py:7"}


def test_a_method_named_as_a_string_keeps_its_read(tmp_path: Path) -> None:
    poll = POLL + 'print(getattr(settings, "store_options")())\n'
    assert _run(tmp_path, poll) == {"relay/settings.py:6", "relay/settings.py:7"}
