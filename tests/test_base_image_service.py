"""A service that only builds an image (``build`` and ``image``, nothing a container uses)
which another service of its project builds FROM, by the image's name or through an
additional build context naming the service (``additional_contexts: {base: "service:base"}``
beside ``FROM base``: Docker's "build dependent images"), is a step of the build.  Compose
starts its container with nothing configured; the services built from it say how the code
runs.  Its image's start command is unknown here (an entrypoint script the build installs
by RUN), so it used to be judged on every file it holds, and the settings' loopback default
was reported there.  Without a service built from it, such a service is judged as before."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = '''import os

DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql",
                         "HOST": os.environ.get("APP_DB_HOST", "localhost"), "PORT": 5432}}
'''
DEV = """  dev:
    build:
      context: ./dev
      dockerfile: Dockerfile.dev%s
    image: acme/app:dev
    command: sleep infinity
"""
CONTEXTS = "\n      additional_contexts:\n        base: service:base"


def _found(tmp_path: Path, dev: str, dev_from: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  base:\n    build: .\n    image: acme/app:base\n"
                        "  db:\n    image: postgres:16\n" + dev,
        "Dockerfile": "FROM python:3.12\nCOPY . /app\nWORKDIR /app\n"
                      "RUN install -m 0755 /app/docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n",
        "docker/entrypoint.sh": "#!/bin/sh\nexec \"$@\"\n",
        "dev/Dockerfile.dev": f"FROM {dev_from}\nRUN pip install debugpy\n",
        "app/__init__.py": "",
        "app/settings.py": SETTINGS,
    }, git=True)
    return sorted((f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("dev, dev_from", [(DEV % CONTEXTS, "base"), (DEV % "", "acme/app:base")])
def test_a_base_image_service_is_a_build_step(tmp_path, dev, dev_from):
    assert _found(tmp_path, dev, dev_from) == []


def test_recall_without_a_service_built_from_it_the_service_is_judged(tmp_path):
    assert _found(tmp_path, DEV % "", "python:3.12") == [("app/settings.py", ("base",))]
