"""``cls(...)`` in a classmethod builds the class: a factory a framework calls (a pipeline's
``from_config(cls, config)``) hands its arguments to ``__init__``, which keeps them on the
instance for the method that dials.  A loopback address given there reaches the container
itself; the service's name is right; and where every construction, the factory's included,
gives a parameter, that parameter's loopback default never runs."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_COMPOSE = ("services:\n  loader:\n    build: .\n    command: python -m feed.main\n"
            "  docstore:\n    image: mongo:7\n")


def _findings(tmp_path: Path, factory: str, init: str = "def __init__(self, uri):") -> list[tuple[str, str | None]]:
    sink = (
        "import pymongo\n\n\n"
        "class Sink:\n"
        f"    {init}\n"
        "        self.uri = uri\n\n"
        "    @classmethod\n"
        "    def from_config(cls, config):\n"
        f"        {factory}\n\n"
        "    def open(self):\n"
        "        self.client = pymongo.MongoClient(self.uri)\n"
    )
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "feed/__init__.py": "",
        "feed/sink.py": sink,
        "feed/main.py": "from feed.sink import Sink\n\nSink.from_config({}).open()\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_loopback_address_a_factory_hands_the_constructor_is_dialled(tmp_path):
    assert _findings(tmp_path, 'return cls(uri="mongodb://localhost:27017/feed")') == [("DW101", "docstore")]


def test_a_keyword_less_factory_argument_is_the_first_parameter(tmp_path):
    assert _findings(tmp_path, 'return cls("mongodb://127.0.0.1:27017")') == [("DW101", "docstore")]


def test_the_service_by_name_in_the_factory_is_right(tmp_path):
    assert _findings(tmp_path, 'return cls(uri="mongodb://docstore:27017/feed")') == []


def test_a_default_every_construction_overrides_never_runs(tmp_path):
    assert _findings(tmp_path, 'return cls(uri=config.get("uri") or "mongodb://docstore:27017")',
                     init='def __init__(self, uri="mongodb://localhost:27017"):') == []


def test_a_name_the_factory_binds_again_is_not_the_class(tmp_path):
    factory = 'cls = dict\n        return cls(uri="mongodb://localhost:27017")'
    assert _findings(tmp_path, factory) == []
