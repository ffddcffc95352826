"""A service of a stock interpreter image whose bind mount puts another directory of the tree
at the container path its command assumes (``../..:/srv`` from a nested Compose file, while
the command runs ``/srv/ops/tools/prepare.sh`` as if the repository's root were mounted) runs a
script the container does not hold: the shell fails, and none of the project's Python runs
there.  It is not judged on every file it holds.  A sibling service mounting the same code
whose command runs a module of it is judged as before, as is a service whose command runs a
script that the mount does hold, or one that fetches the script before running it."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  queue:
    image: redis:7
  prepare:
    image: python:3.12-slim
    volumes:
      - ../..:/srv
    command: >
      bash -c "
      apt-get update && apt-get install -y curl &&
      chmod +x /srv/ops/tools/prepare.sh &&
      /srv/ops/tools/prepare.sh
      "
  worker:
    image: python:3.12-slim
    volumes:
      - ../..:/srv
    working_dir: /srv
    command: python -m pipeline.consume
"""
PREPARE = """\
#!/bin/bash
set -e
until curl -s http://queue:6379 ; do sleep 1; done
echo ready
"""
CONSUME = """\
import redis

conn = redis.Redis.from_url("redis://localhost:6379/0")
conn.ping()
"""
STORE = """\
import redis

cache = redis.Redis(host="localhost", port=6379)
cache.ping()
"""


def _layout(compose: str) -> dict[str, str]:
    return {
        "ops/stack/deploy/compose.yaml": compose,
        "ops/tools/prepare.sh": PREPARE,
        "ops/pipeline/__init__.py": "",
        "ops/pipeline/consume.py": CONSUME,
        "ops/pipeline/store.py": STORE,
    }


def _found(tmp_path: Path) -> dict[str, tuple[str, ...]]:
    found = run_check([tmp_path], Config(cache=False)).active
    return {str(f.span.path): tuple(sorted(f.services)) for f in found}


def test_a_script_the_mount_does_not_hold_runs_nothing(tmp_path: Path) -> None:
    make(tmp_path, _layout(COMPOSE), git=True)
    got = _found(tmp_path)
    assert got.get("ops/pipeline/consume.py") == ("worker",)
    assert "ops/pipeline/store.py" not in got  # only the script-running service held it unread


def test_a_script_the_mount_holds_is_read(tmp_path: Path) -> None:
    compose = COMPOSE.replace("/srv/ops/tools/prepare.sh", "/srv/tools/prepare.sh")
    make(tmp_path, {**_layout(compose), "ops/tools/prepare.sh": PREPARE + "cd /srv && python -m pipeline.store\n"}, git=True)
    got = _found(tmp_path)
    assert got.get("ops/pipeline/consume.py") == ("worker",)
    assert got.get("ops/pipeline/store.py") == ("prepare",)


def test_a_script_the_command_fetches_first_keeps_the_fallback(tmp_path: Path) -> None:
    compose = COMPOSE.replace("chmod +x /srv/ops/tools/prepare.sh",
                              "curl -so /srv/ops/tools/prepare.sh http://queue:8080/prepare.sh")
    make(tmp_path, _layout(compose), git=True)
    got = _found(tmp_path)
    assert got.get("ops/pipeline/store.py") == ("prepare",)
