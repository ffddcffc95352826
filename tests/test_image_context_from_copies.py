"""An image named after the repository and built from its only Dockerfile, which sits in a
subdirectory but copies files that exist only from the root of the tree (``COPY
docker/entrypoint.sh`` in ``docker/Dockerfile``): it is built with the root as its context
(``docker build -f docker/Dockerfile .``), so the entrypoint is found and followed, and only
the code it starts is judged (``CodeSources._guessed_context``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = "services:\n  worker:\n    image: ghcr.io/acme/shopkeeper:latest\n"
PYPROJECT = '[project]\nname = "shopkeeper"\nversion = "1"\n'
ENTRY = "#!/bin/sh\nexec celery -A shop.tasks worker -l info\n"
TASKS = 'from celery import Celery\n\napp = Celery("shop", broker="redis://localhost:6379/0")\n'
OTHER = 'import redis\n\nredis.Redis(host="localhost", port=6380).ping()\n'


def findings(tmp_path: Path, copy_entry: str) -> list[str]:
    dockerfile = (f"FROM python:3.12-slim\nWORKDIR /app\n{copy_entry}\nCOPY . /app\n"
                  'ENTRYPOINT ["/entrypoint.sh"]\n')
    make(tmp_path, {"compose.yaml": COMPOSE, "pyproject.toml": PYPROJECT, "docker/Dockerfile": dockerfile,
                    "docker/entrypoint.sh": ENTRY, "shop/__init__.py": "", "shop/tasks.py": TASKS,
                    "tools/other.py": OTHER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(f.span.path for f in result.active)


def test_copies_found_only_from_the_root_make_the_root_the_context(tmp_path):
    # the worker runs the Celery app its entrypoint names, not the unrelated tool
    assert findings(tmp_path, "COPY docker/entrypoint.sh /entrypoint.sh") == ["shop/tasks.py"]


def test_copies_found_beside_the_dockerfile_keep_its_directory(tmp_path):
    # built from docker/: `COPY . /app` copies only that directory, which holds no Python;
    # the entrypoint is there and runs an app the image does not hold: nothing is judged
    assert findings(tmp_path, "COPY entrypoint.sh /entrypoint.sh") == []
