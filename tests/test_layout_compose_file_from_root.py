"""A dotenv in a subdirectory whose ``COMPOSE_FILE`` names its Compose file by a path from
the project root (``dev/.env``: ``COMPOSE_FILE=dev/compose.yaml``, exported by a Makefile at
the root that includes it): Compose reads the entry relative to the working directory, so the
configuration works only from the root, where it names ``dev/compose.yaml``.  That file is the
project's, with ``dev`` its directory, not a missing ``dev/dev/compose.yaml`` that loses the
whole layout.  An entry that names a file relative to its own directory keeps that meaning."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  tests:\n    build:\n      context: ..\n      dockerfile: dev/Dockerfile\n"
           "    command: python -m app\n    environment:\n      CACHE_URL: redis://localhost:6379/0\n"
           "  cache:\n    image: redis:7\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY app app\n"
APP = "import os\n\nimport redis\n\nredis.Redis.from_url(os.environ['CACHE_URL']).ping()\n"


def check(tmp_path, entry: str, where: str = "dev/compose.yaml"):
    make(tmp_path, {"dev/.env": f"COMPOSE_FILE={entry}\nCOMPOSE_PROJECT_NAME=acme\n", where: COMPOSE,
                    "dev/Dockerfile": DOCKERFILE, "app/__init__.py": "", "app/__main__.py": APP,
                    "Makefile": "DOTENV_FILE ?= dev/.env\n-include $(DOTENV_FILE)\n.EXPORT_ALL_VARIABLES:\n\n"
                                "up:\n\tdocker compose up\n"}, git=True)
    return run_check([tmp_path], Config(cache=False))


def test_an_entry_from_the_root_is_the_projects_file(tmp_path):
    result = check(tmp_path, "dev/compose.yaml")
    assert result.errors == (), result.errors
    assert sorted((f.span.path, f.code) for f in result.active) == [("dev/compose.yaml", "DW101")]


def test_an_entry_relative_to_its_directory_keeps_that_meaning(tmp_path):
    result = check(tmp_path, "compose.yaml")
    assert result.errors == (), result.errors
    assert sorted((f.span.path, f.code) for f in result.active) == [("dev/compose.yaml", "DW101")]


def test_an_entry_missing_everywhere_is_still_an_error(tmp_path):
    result = check(tmp_path, "dev/other.yaml")
    assert result.errors != ()
