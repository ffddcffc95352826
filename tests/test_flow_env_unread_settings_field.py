"""A variable a settings class reads into a field that nothing in the container reads is
dialled nowhere there.

``CACHE_URL=redis://localhost:6379/2`` in the shared ``.env``: a pydantic settings class
reads it into ``cache_url``, and only the API's request code (``redis.from_url(settings.cache_url)``)
uses the field.  The worker imports the settings module too, but no module it runs reads
``cache_url``: the value is the API's finding alone.  (The field's own default is judged the
same way: no read of the field, no target.)  Where the worker's code reads the field, it is
the worker's finding too, and so is it where a module the worker runs starts another program,
which inherits the environment and may read the variable where dockwise does not look.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: uvicorn app.main:app --host 0.0.0.0
    env_file: [.env]
  worker:
    build: .
    command: python -m app.worker
    env_file: [.env]
  redis:
    image: redis:7
"""

CONFIG = """\
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    cache_url: str = "redis://redis:6379/2"
    log_level: str = "info"


settings = Settings()
"""

MAIN = """\
import redis
from fastapi import FastAPI

from app.config import settings

app = FastAPI()


@app.get("/hits")
def hits():
    return redis.from_url(settings.cache_url).incr("hits")
"""

WORKER = """\
import logging

from app.config import settings


def main():
    logging.basicConfig(level=settings.log_level.upper())
{extra}

if __name__ == "__main__":
    main()
"""


def _services(tmp_path: Path, extra: str = "") -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        ".env": "CACHE_URL=redis://localhost:6379/2\n",
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app/__init__.py": "",
        "app/config.py": CONFIG,
        "app/main.py": MAIN,
        "app/worker.py": WORKER.format(extra=extra),
    }, git=True)
    return [f.services for f in run_check([tmp_path], Config(cache=False)).findings
            if f.code == "DW101" and f.span.path == ".env"]


def test_a_field_nothing_in_the_container_reads_dials_nothing_there(tmp_path):
    assert _services(tmp_path) == [("api",)]


def test_a_field_the_container_reads_and_dials_keeps_it(tmp_path):
    extra = "    import redis\n    redis.from_url(settings.cache_url).ping()\n"
    assert _services(tmp_path, extra) == [("api", "worker")]


def test_a_program_the_container_starts_may_read_it(tmp_path):
    """A module that starts another program (which inherits the environment and may read
    the variable where dockwise does not look) keeps the finding."""
    extra = "    import subprocess\n    subprocess.run(['node', 'sync.js'], check=True)\n"
    assert _services(tmp_path, extra) == [("api", "worker")]
