"""A strong-named settings field read by ``getattr(settings, "FIELD", fallback)`` (the field's
name written as a string) is read there: that read decides where the value is dialled, as an
attribute read ``settings.FIELD`` would.  A container that imports the settings module but
runs none of the code reading the field dials nothing by the field's name alone; a container
that runs the reading code without setting the variable keeps the finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_CONFIG = '''from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "ledger"
    QUEUE_REDIS_URL: str = "redis://localhost:6379/0"
    SHARED_CACHE_URL: str = "redis://cache:6379/1"


settings = Settings()
'''

_FEED = '''import redis

from common.config import settings


class Feed:
    def __init__(self, url=None):
        self.url = url or getattr(settings, "QUEUE_REDIS_URL", settings.SHARED_CACHE_URL)

    def open(self):
        return redis.from_url(self.url)
'''

_PANEL = '''from fastapi import FastAPI

from common.config import settings

app = FastAPI(title=settings.app_name)
'''

_STREAM = '''from fastapi import FastAPI

from stream.feed import Feed

app = FastAPI()
feed = Feed()


@app.get("/")
def first():
    return feed.open().get("k")
'''


def _findings(tmp_path: Path) -> list[tuple[str, str | None, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": (
            "services:\n"
            "  panel:\n    build: .\n    command: uvicorn panel.main:app --host 0.0.0.0\n"
            "  stream:\n    build: .\n    command: uvicorn stream.main:app --host 0.0.0.0\n"
            "    environment:\n      QUEUE_REDIS_URL: redis://cache:6379/0\n"
            "  replay:\n    build: .\n    command: uvicorn stream.main:app --host 0.0.0.0\n"
            "  cache:\n    image: redis:7\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "common/__init__.py": "",
        "common/config.py": _CONFIG,
        "panel/__init__.py": "",
        "panel/main.py": _PANEL,
        "stream/__init__.py": "",
        "stream/feed.py": _FEED,
        "stream/main.py": _STREAM,
    }, git=True)
    return sorted((f.code, f.suggestion.host if f.suggestion else None, tuple(sorted(f.services)))
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_field_read_by_getattr_is_dialled_only_where_that_read_runs(tmp_path):
    assert _findings(tmp_path) == [("DW101", "cache", ("replay",))]
