"""``param or "redis://localhost:6379/0"``: the part after ``or`` is dialled where the
parameter is left empty.  A name before ``or`` is normally the operator's value (a caller
configures it), so the fallback stays silent; but where every call that may run leaves the
parameter at an empty default (``None``, ``""``) or hands it one, or the function is only
handed to a request-dependency marker (``Depends(get_store)``: the framework fills the
parameter from an optional query parameter, absent unless a client sends it), the fallback
is what the container dials."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_COMPOSE = ("services:\n  api:\n    build: .\n    command: uvicorn svc.main:app --host 0.0.0.0\n"
            "  kv:\n    image: redis:7\n")

_STORE = ("import os\n\nimport redis\n\n\n"
          "class Store:\n"
          "    def __init__(self, url: str = \"redis://kv:6379/0\"):\n"
          "        self.url = url\n\n"
          "    def ping(self):\n"
          "        return redis.Redis.from_url(self.url).ping()\n\n\n")


def _findings(tmp_path: Path, factory: str, use: str) -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": _COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "svc/__init__.py": "",
        "svc/store.py": _STORE + factory,
        "svc/main.py": ("from fastapi import Depends, FastAPI\n\nfrom svc.store import get_store\n\n"
                        "app = FastAPI()\n\n\n" + use),
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


_FACTORY = ("def get_store(url: str | None = None) -> Store:\n"
            "    return Store(url or \"redis://localhost:6379/0\")\n")

_ROUTE = ("@app.get(\"/ping\")\n"
          "def ping(store: object = Depends(get_store)):\n"
          "    return store.ping()\n")


def test_a_request_dependency_leaves_its_parameter_empty(tmp_path):
    assert _findings(tmp_path, _FACTORY, _ROUTE) == [("DW101", "kv")]


def test_every_written_call_leaves_the_parameter_empty(tmp_path):
    use = "@app.get(\"/ping\")\ndef ping():\n    return get_store().ping()\n"
    assert _findings(tmp_path, _FACTORY, use) == [("DW101", "kv")]


def test_a_call_that_hands_it_an_empty_value_takes_the_fallback(tmp_path):
    use = "@app.get(\"/ping\")\ndef ping():\n    return get_store(None).ping()\n"
    assert _findings(tmp_path, _FACTORY, use) == [("DW101", "kv")]


def test_a_call_that_configures_the_parameter_keeps_the_fallback_silent(tmp_path):
    use = ("import os\n\n\n@app.get(\"/ping\")\ndef ping():\n"
           "    return get_store(os.environ[\"KV_URL\"]).ping()\n")
    assert _findings(tmp_path, _FACTORY, use) == []


def test_a_parameter_the_function_rebinds_is_not_left_empty(tmp_path):
    factory = ("from svc.conf import load_settings\n\nSETTINGS = load_settings()\n\n\ndef get_store(url: str | None = None) -> Store:\n"
               "    url = url or SETTINGS.kv_url\n"
               "    return Store(url or \"redis://localhost:6379/0\")\n")
    assert _findings(tmp_path, factory, _ROUTE) == []
