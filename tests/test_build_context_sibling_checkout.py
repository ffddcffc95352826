"""A build context that climbs out of the repository (``context: ../../auth-service``) names
a checkout beside it: a multi-repository dev setup, or a submodule whose siblings the
superproject holds.  That is valid Compose (a relative context is resolved from the project
directory, wherever it leads) which no checkout of this repository holds: never opened, a
warning, and the service's code unknown, not an error that made a valid project exit 2.
The services built from the tree beside it are judged as before."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build:
      context: ..
    command: python app.py
  auth:
    build:
      context: ../../auth-service
  cache:
    image: redis:7
"""
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
APP = 'import redis\nr = redis.Redis(host="localhost")\n'


def _files() -> dict[str, str]:
    return {"dev/compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app.py": APP}


def test_a_context_in_a_checkout_beside_the_repository_is_a_warning(tmp_path):
    root = make(tmp_path / "backend", _files(), git=True)
    (tmp_path / "auth-service").mkdir()
    (tmp_path / "auth-service" / "Dockerfile").write_text("FROM python:3.12\nCOPY . /srv\n")
    result = run_check([root], Config(cache=False))
    assert [e.message for e in result.errors] == []
    assert any("../../auth-service" in w[2] and "not read" in w[2] for w in result.warnings)
    # the service built from the tree still gets its finding (recall)
    assert [(f.span.path, f.code, f.service) for f in result.active] == [("app.py", "DW101", "api")]


def test_a_submodule_root_is_a_repository_too(tmp_path):
    # a submodule's .git is a file pointing into the superproject's .git/modules
    root = make(tmp_path / "backend", _files())
    (root / ".git").write_text("gitdir: ../.git/modules/backend\n")
    result = run_check([root], Config(cache=False))
    assert [e.message for e in result.errors] == []
    assert [(f.span.path, f.code) for f in result.active] == [("app.py", "DW101")]


def test_without_a_repository_leaving_the_root_stays_an_error(tmp_path):
    # the root is only the nearest Compose file's directory: the run started below the real root
    files = _files()
    files["compose.yaml"] = files.pop("dev/compose.yaml").replace("context: ..\n", "context: .\n")
    root = make(tmp_path / "backend", files)
    result = run_check([root], Config(cache=False))
    assert any("build context ../../auth-service is outside the project root: refused" in e.message
               for e in result.errors)
