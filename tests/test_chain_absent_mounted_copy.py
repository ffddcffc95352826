"""A service of a stock interpreter image whose command copies a file out of the tree it
bind-mounts and then runs it, `bash -c "pip install redis && cp /src/bot/app.py /app/ &&
python /app/app.py"`, where the tree holds no `bot/app.py`: cp exits non-zero and `&&` starts
nothing after it, so none of the project's files runs in that container.  Before, the copied
program could not be followed, and the container was judged on every file it mounts (the
fallback), charging it with a sibling module it never starts.  The copy of a file the tree
holds, or a chain that goes on after a failed cp (`;`), keeps the fallback."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

WORKER = 'import redis\n\nqueue = redis.Redis(host="localhost", port=6379)\nqueue.ping()\n'


def compose(command: str) -> str:
    return ("services:\n  bot:\n    image: python:3.11-slim\n    working_dir: /app\n"
            "    volumes:\n      - ./:/src\n"
            f"    command: >\n      bash -c \"{command}\"\n"
            "    depends_on: [cache]\n  cache:\n    image: redis:7\n")


def flagged(tmp_path: Path, command: str, extra: dict[str, str] | None = None) -> list[tuple[str, str]]:
    make(tmp_path, {"compose.yaml": compose(command), "worker/main.py": WORKER, **(extra or {})}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("command", [
    "pip install redis && mkdir -p /app/pkg && cp /src/bot/app.py /app/pkg/ && python -m pkg.app",
    "cp -v /src/bot/main.py /app/ && python /app/main.py",
])
def test_a_copy_of_a_file_the_mount_lacks_stops_the_chain(tmp_path, command):
    assert flagged(tmp_path, command) == []


def test_a_copy_of_a_file_the_tree_holds_keeps_the_fallback(tmp_path):
    command = "pip install redis && cp /src/bot/app.py /app/ && python app.py"
    got = flagged(tmp_path, command, {"bot/app.py": "print('bot')\n"})
    assert ("worker/main.py", "DW101") in got


@pytest.mark.parametrize("command", [
    "cp /src/bot/app.py /app/ ; python -m worker.main",
    "cp /src/bot/app.py /app/ || true && python -m worker.main",
    "mkdir -p /app/pkg && cp $BOT /app/pkg/ && python -m pkg.app",
])
def test_a_chain_that_may_go_on_keeps_the_fallback(tmp_path, command):
    assert ("worker/main.py", "DW101") in flagged(tmp_path, command)
