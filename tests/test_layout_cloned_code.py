"""A Dockerfile outside Compose that copies nothing from its context but clones a git
repository (``RUN git clone https://.../project.git /srv``, the project's own fresh clone)
holds the project at the clone's target: its start command says what runs, instead of every
file beside it.  A module the command reaches still dials there."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.dockerfile_clone import _clone_targets
from tests.conftest import make

SERVER = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\n'
DEMO = 'import requests\n\nURL = "http://localhost:8040/ask"\nreply = requests.post(URL, json={}, timeout=5)\n'


def flagged(tmp_path: Path, dockerfile: str) -> list[tuple[str, str]]:
    make(tmp_path, {"Dockerfile": dockerfile, "notes/__init__.py": "", "notes/serve.py": SERVER,
                    "ask_demo.py": DEMO}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("clone", [
    "RUN git clone --depth 1 https://example.org/acme/notes.git /srv\nWORKDIR /srv\n",
    "WORKDIR /srv\nRUN git clone -b main https://example.org/acme/notes.git .\n",
    "RUN cd /opt && git clone https://example.org/acme/notes.git\nWORKDIR /opt/notes\n",
])
def test_only_what_the_start_command_reaches_in_the_clone_runs(tmp_path, clone):
    dockerfile = "FROM python:3.12-slim\n" + clone + 'CMD ["python", "-m", "notes.serve"]\n'
    assert flagged(tmp_path, dockerfile) == [("notes/serve.py", "DW101")]


def test_clone_targets():
    assert _clone_targets("git clone https://h/x/tool.git", "/w") == ["/w/tool"]
    assert _clone_targets("apt-get update && git clone --branch v1 https://h/x/tool /app", None) == ["/app"]
    assert _clone_targets("git clone $REPO_URL $DEST", "/w") == []
