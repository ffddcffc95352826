"""A service built from a Dockerfile whose final stage starts FROM a well-known server image
(``FROM solr:9`` with a configset added, nothing copied from the tree) runs that server, as
``image: solr:9`` would: given the stack's shared ``.env``, it dials none of the application's
addresses (``flow/judge.py`` ``_server_only``, the built service judged by its base image)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """\
services:
  app:
    build: ./app
    env_file: .env
    networks: [front, back]
  search:
    build:
      context: ./search
    env_file: .env
    networks: [front]
  cache:
    image: redis:7
    networks: [back]
networks:
  front:
  back:
    internal: true
"""
APP = {
    "app/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"main.py\"]\n",
    "app/main.py": "import os\n\nimport redis\n\nr = redis.Redis.from_url(os.environ[\"CACHE_URL\"])\n",
}
SEARCH = {
    "search/Dockerfile": ("FROM solr:9\nENV CORE=catalog\n"
                          "RUN cp -R /opt/solr/server/solr/configsets/_default /opt/solr/server/solr/configsets/catalog\n"
                          "CMD [\"solr-precreate\", \"catalog\"]\n"),
}
FILES = {"compose.yaml": COMPOSE, ".env": "CACHE_URL=redis://cache:6379/0\n", **APP, **SEARCH}


def findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return [(f.code, tuple(sorted(f.services))) for f in result.active if f.span.path == ".env"]


def test_a_container_built_from_a_server_image_does_not_dial_the_shared_env(tmp_path):
    assert findings(tmp_path, FILES) == []


def test_the_same_server_by_its_image_stays_silent(tmp_path):
    files = {k: v for k, v in FILES.items() if not k.startswith("search/")}
    files["compose.yaml"] = COMPOSE.replace("    build:\n      context: ./search\n", "    image: solr:9\n")
    assert findings(tmp_path, files) == []


def test_a_container_built_from_python_that_dials_the_value_is_still_reported(tmp_path):
    files = dict(FILES)
    files["search/Dockerfile"] = "FROM python:3.12-slim\nWORKDIR /s\nCOPY . .\nCMD [\"python\", \"index.py\"]\n"
    files["search/index.py"] = "import os\n\nimport redis\n\nredis.Redis.from_url(os.environ[\"CACHE_URL\"]).ping()\n"
    assert findings(tmp_path, files) == [("DW104", ("search",))]
