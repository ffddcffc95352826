"""A development Dockerfile built FROM the image a sibling service of the project builds
(``base: {build: ., image: shopfront:latest}`` beside ``FROM shopfront:${TAG}``, the ARG's
default filling the tag) keeps that image's WORKDIR when it sets none of its own: Docker's
dependent images inherit it.  ``python manage.py runserver`` then runs the ``manage.py`` of
that directory, and the container runs what it imports.  Without the inherited directory the
start command could not be followed and the loopback dial of the imported module was missed
(recall); a one-off script nothing starts stays unreported.  Both a service building that
Dockerfile and one naming the image it makes are judged so."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

MANAGE = '''import os
import sys

from shop import cache  # noqa: F401

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
from django.core.management import execute_from_command_line
execute_from_command_line(sys.argv)
'''
CACHE = '''import redis

client = redis.Redis(host="localhost", port=6379)
'''
ONE_OFF = '''import redis

redis.Redis(host="localhost", port=6379).flushall()
'''
BASE = "FROM python:3.12-slim\nCOPY ./src/web /srv/code/src/web\nWORKDIR /srv/code/src/web\nCMD [\"gunicorn\", \"shop.wsgi\"]\n"


def _found(tmp_path: Path, worker: bool) -> list[tuple[str, tuple[str, ...]]]:
    services = (
        "services:\n"
        "  base:\n    build: .\n    image: shopfront:latest\n    command: echo done\n"
        "  web:\n    build:\n      context: .\n      dockerfile: ./docker/dev/Dockerfile\n"
        "    image: shopfront:dev\n    command: python manage.py runserver 0.0.0.0:8000\n"
        "    volumes:\n      - .:/srv/code\n"
        "  kv:\n    image: redis:7\n"
    )
    if worker:
        services += "  jobs:\n    image: shopfront:dev\n    command: python manage.py runserver 0.0.0.0:8001\n" \
                    "    volumes:\n      - .:/srv/code\n"
    make(tmp_path, {
        "compose.yaml": services,
        "Dockerfile": BASE,
        "docker/dev/Dockerfile": "ARG TAG=latest\nFROM shopfront:${TAG}\nUSER root\n",
        "src/web/manage.py": MANAGE,
        "src/web/shop/__init__.py": "",
        "src/web/shop/settings.py": "SECRET_KEY = 'x'\n",
        "src/web/shop/cache.py": CACHE,
        "src/web/ops/wipe.py": ONE_OFF,
    }, git=True)
    return sorted((f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("worker", [False, True])
def test_the_parent_images_workdir_is_kept(tmp_path, worker):
    names = ("jobs", "web") if worker else ("web",)
    assert _found(tmp_path, worker) == [("src/web/shop/cache.py", names)]

