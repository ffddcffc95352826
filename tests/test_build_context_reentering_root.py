"""A Compose file in a subdirectory may build from ``../../<repo>``: up out of the checkout
and back into it by the checkout's own directory name.  That context is the project root, not
a path outside it: no error line, and the service holds the root's code.  A context that
leaves the root for a directory of another name is still refused."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

COMPOSE = """\
services:
  api:
    build:
      context: {context}
      dockerfile: deploy/Dockerfile
    environment:
      STORE_HOST: search
  search:
    image: elasticsearch:8.14.0
"""

APP = """\
import redis

client = redis.Redis(host="localhost", port=6379)
"""


def _run(tmp_path: Path, context: str):
    root = tmp_path / "ledger-demos"
    (root / "deploy").mkdir(parents=True)
    (root / "deploy" / "compose.yaml").write_text(COMPOSE.format(context=context))
    (root / "deploy" / "Dockerfile").write_text(
        "FROM python:3.12\nCOPY app.py /srv/app.py\nCMD [\"python\", \"/srv/app.py\"]\n")
    (root / "app.py").write_text(APP)
    return run_check([root], Config(cache=False))


def test_a_context_back_into_the_root_by_its_name_is_the_root(tmp_path):
    result = _run(tmp_path, "../../ledger-demos")
    assert [e.message for e in result.errors] == []
    assert [(f.code, Path(f.span.path).name) for f in result.findings] == [("DW101", "app.py")]


def test_a_context_into_another_directory_is_still_refused(tmp_path):
    result = _run(tmp_path, "../../ledger-tools")
    assert any("outside the project root" in e.message for e in result.errors)
