"""A finding's evidence tells how the file runs in the container the finding is about.

Two images built from Dockerfiles that no Compose service builds (their containers have no
service name) run the same module: one starts its own cache server beside the app, so its
loopback address of it is right there; the other does not, and is flagged.  The evidence of
that finding names the flagged image's start command, not the first image that runs the file
(both are "implicit" containers, and any evidence of one used to stand for the other)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = "import redis\n\ncache = redis.Redis(host='127.0.0.1', port=6379)\ncache.ping()\n"

# all-in-one image: the start script runs the cache server, then the app's module (its
# Dockerfile sorts first)
ALL_IN_ONE = ("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y redis-server\n"
              "COPY app/ /opt/bundle\nCOPY start.sh /start.sh\nCMD [\"sh\", \"/start.sh\"]\n")
START = "redis-server --daemonize yes\npython3 /opt/bundle/worker.py\n"

# the same directory alone, built from itself
ALONE = "FROM python:3.12-slim\nWORKDIR /srv/app\nCOPY . .\nCMD [\"python\", \"worker.py\"]\n"


def flagged(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, str]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return [(f.span.path, f.code, f.evidence.entry if f.evidence else "") for f in result.active]


def test_evidence_names_the_flagged_containers_entry(tmp_path: Path) -> None:
    """One file held by both images: only the image without the server is flagged, and its
    evidence is its own start command."""
    got = flagged(tmp_path, {"Dockerfile": ALL_IN_ONE, "start.sh": START,
                             "app/Dockerfile": ALONE, "app/worker.py": APP})
    assert got == [("app/worker.py", "DW101", "python: worker.py")], got


def test_one_image_alone_keeps_its_entry(tmp_path: Path) -> None:
    got = flagged(tmp_path, {"app/Dockerfile": ALONE, "app/worker.py": APP})
    assert got == [("app/worker.py", "DW101", "python: worker.py")], got
