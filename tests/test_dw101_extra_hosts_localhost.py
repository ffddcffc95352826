"""``extra_hosts: ["localhost:host-gateway"]`` writes the name ``localhost`` into the container's
``/etc/hosts`` beside its loopback entry, so a client that tries each address the name resolves
to reaches the Docker host's server at ``localhost:11434`` there (the trick Compose files use
to send a tool's default ``localhost`` to the laptop).  A loopback name the service maps so is
no evidence of a miss; the address ``127.0.0.1`` is looked up nowhere and stays the
container's own, and a service without the entry keeps its finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY pull.py .\nCMD ["python", "pull.py"]\n'
PULL = 'import requests\n\nTAGS = requests.get("http://localhost:11434/api/tags").json()\n'


def findings(tmp_path: Path, pull: str = PULL) -> list[tuple[str, int, str, str]]:
    compose = ("services:\n"
               "  pull:\n    build: .\n    extra_hosts:\n      - \"localhost:host-gateway\"\n"
               "  probe:\n    build: .\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "pull.py": pull}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code, ",".join(f.services)) for f in result.active)


def test_a_loopback_name_the_service_maps_to_the_host_is_no_finding_there(tmp_path):
    # the same file in a service without the entry still dials its own loopback
    assert findings(tmp_path) == [("pull.py", 3, "DW101", "probe")]


def test_an_address_is_looked_up_nowhere(tmp_path):
    pull = PULL.replace("localhost", "127.0.0.1")
    assert findings(tmp_path, pull) == [("pull.py", 3, "DW101", "probe,pull")]
