"""A code formatter image on Node (``acme/prettier``) that mounts the whole tree to rewrite it, an
HTTP cache (``varnish``) given its configuration, and a one-binary waiting helper
(``jwilder/dockerize``) run none of the project's Python: the files mounted into them are not
judged there.  A service that runs the code still is."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  cache:
    image: redis:7
  app:
    build: .
    command: python app.py
  fmt:
    image: acme/prettier:3
    volumes:
      - .:/work
  edge:
    image: varnish:7
    volumes:
      - .:/etc/varnish/site
  waiter:
    image: jwilder/dockerize
    volumes:
      - .:/srv
"""
DOCKERFILE = """\
FROM python:3.12-slim
RUN pip install redis
WORKDIR /srv
COPY app.py /srv/app.py
"""
DIAL = """\
import redis

redis.Redis(host="localhost", port=6379).ping()
"""


def _findings(tmp_path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app.py": DIAL, "seed_local.py": DIAL},
         git=True)
    return sorted((f.code, f.span.path, tuple(sorted(f.services)))
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_service_that_runs_the_code_is_judged(tmp_path):
    assert ("DW101", "app.py", ("app",)) in _findings(tmp_path)


def test_formatter_cache_and_helper_images_run_none_of_the_mounted_python(tmp_path):
    found = _findings(tmp_path)
    assert not any(set(svcs) & {"fmt", "edge", "waiter"} for _code, _path, svcs in found)
    assert not any(path == "seed_local.py" for _code, path, _svcs in found)
