"""A ready-made image whose WORKDIR the tree does not say (no Compose ``working_dir``, no
Dockerfile) run with relative script paths (``python ./jobs/indexer.py``) over a bind mount:
the command was written for the directory the project is mounted at.  Where exactly one
directory the project lands in holds the script, the script is read there and the container
runs what it imports; before, the start command could not be followed and every mounted file
was judged in that container, so a page module of another service, dialling a service this
container shares no network with, was reported against it (precision).  The script's own
loopback dial stays reported; where two mounted directories both hold such a path the command
stays unknown, and every file is judged as before; so does an interpreter's image, whose
working directory is known (``/``: the script is not there)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

INDEXER = '''import redis

queue = redis.Redis(host="localhost", port=6379)
'''
STATS = '''import time

while True:
    time.sleep(60)
'''
PAGES = '''import requests


def listing(request):
    return requests.get("http://catalog:8000/items").json()
'''


def _found(tmp_path: Path, second_mount: bool, image: str = "acme/pyrunner:3") -> list[tuple[str, str, tuple[str, ...]]]:
    volumes = "      - .:/work\n" + ("      - .:/srv/copy\n" if second_mount else "")
    make(tmp_path, {
        "compose.yaml": (
            "services:\n"
            "  catalog:\n    image: acme/pyrunner:3\n    command: python ./catalog/serve.py\n"
            "    volumes:\n      - .:/work\n    networks: [inner]\n"
            f"  worker:\n    image: {image}\n"
            "    command: bash -c \"python ./jobs/indexer.py & python ./jobs/stats.py\"\n"
            "    volumes:\n" + volumes + "    networks: [outer]\n"
            "  kv:\n    image: redis:7\n    networks: [outer]\n"
            "networks:\n  inner: {}\n  outer: {}\n"
        ),
        "jobs/indexer.py": INDEXER,
        "jobs/stats.py": STATS,
        "catalog/serve.py": "import time\ntime.sleep(1)\n",
        "portal/pages.py": PAGES,
    }, git=True)
    return sorted((f.span.path, f.code, tuple(f.services))
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_relative_scripts_are_read_in_the_mounted_directory(tmp_path):
    assert _found(tmp_path, second_mount=False) == [("jobs/indexer.py", "DW101", ("worker",))]


def test_two_directories_holding_the_script_keep_the_command_unknown(tmp_path):
    found = _found(tmp_path, second_mount=True)
    assert ("jobs/indexer.py", "DW101", ("worker",)) in found
    assert ("portal/pages.py", "DW104", ("worker",)) in found


def test_an_interpreter_image_keeps_its_own_working_directory(tmp_path):
    found = _found(tmp_path, second_mount=False, image="python:3.12-slim")
    assert ("portal/pages.py", "DW104", ("worker",)) in found
