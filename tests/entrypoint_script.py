"""The layout the entrypoint-script tests share: a ``web`` service whose Dockerfile's
ENTRYPOINT is ``entrypoint.sh`` of the tree, beside a ``redis`` service, and ``app.py``, which
dials redis on its own loopback.  What the script starts decides whether ``app.py`` is judged:
``exec python app.py`` gives the one finding, a script that starts only nginx gives none."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\n'
COMPOSE = "services:\n  web:\n    build: .\n  cache:\n    image: redis:7\n"
DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["/srv/entrypoint.sh"]\n'


def script_findings(tmp_path: Path, script: str, more_services: str = "") -> list[tuple[str, tuple[str, ...]]]:
    """(path, services) of each finding with ``script`` as the entrypoint; ``more_services``:
    further Compose service entries (indented as under ``services:``)."""
    make(tmp_path, {"compose.yaml": COMPOSE + more_services, "Dockerfile": DOCKERFILE,
                    "entrypoint.sh": script, "app.py": APP}, git=True)
    return [(f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]
