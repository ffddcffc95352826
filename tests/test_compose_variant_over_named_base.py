"""A directory with no base-named Compose file whose README (or a script) runs
``docker compose -f docker-compose.base.yaml -f docker-compose.prod.yaml up``: the prod file
is an overlay of ``docker-compose.base.yaml`` even where its service repeats ``build:``, and
keeps the environment the base gives that service.  Judged alone (the name-based discovery
knows no base there), the service had no ``BROKER_URL`` and the code's loopback default
looked live."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

BASE = """services:
  cache:
    image: redis:7
  api:
    build: ./app
    environment:
      BROKER_URL: {url}
    command: ["python", "/srv/app.py"]
"""
PROD = """services:
  api:
    build: ./app
    command: ["python", "/srv/app.py"]
    restart: always
"""
APP = '''import os

import redis

redis.Redis.from_url(os.getenv("BROKER_URL", "redis://localhost:6379/0")).ping()
'''
DOCKERFILE = "FROM python:3.12-slim\nRUN pip install redis\nCOPY app.py /srv/app.py\n"
README = "Run:\n\n    docker compose -f docker-compose.base.yaml -f docker-compose.prod.yaml up -d\n"


def _found(tmp_path: Path, url: str, readme: str = README) -> list[tuple[str, int, str]]:
    make(tmp_path, {"docker-compose.base.yaml": BASE.format(url=url), "docker-compose.prod.yaml": PROD,
                    "app/app.py": APP, "app/Dockerfile": DOCKERFILE, "README.md": readme}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_the_variant_keeps_the_environment_of_the_base_it_is_run_over(tmp_path):
    assert _found(tmp_path, "redis://cache:6379/0") == []


def test_a_loopback_address_the_base_gives_is_still_found(tmp_path):
    assert ("docker-compose.base.yaml", 7, "DW101") in _found(tmp_path, "redis://localhost:6379/0")
