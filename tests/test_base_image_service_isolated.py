"""A service that only builds the image its siblings build FROM stays a build step when it
also names its container or cuts it off from every network (``container_name: ...``,
``network_mode: none``): neither configures anything its container would run, and a
container with no network serves nothing.  Such a service was judged on every file its image
holds (its start command is the base image's), and each address of the settings its image
copies was reported as unreachable "with no network" (DW108).  A service that configures what
runs (a command, an environment) or joins a network is judged as before."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = '''import os

CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache",
                      "LOCATION": "redis://cache:6379/1"},
          "sessions": {"BACKEND": "django_redis.cache.RedisCache",
                       "LOCATION": os.environ.get("SESSION_CACHE_URL", "redis://localhost:6379/2")}}
'''


def _found(tmp_path: Path, extra: str, web_from: str = "acme/judge-base:latest") -> list[tuple[str, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  cache:\n    image: redis:7\n"
                        "  base:\n    build:\n      context: .\n      dockerfile: docker/base/Dockerfile\n"
                        "    image: acme/judge-base\n" + extra +
                        "  web:\n    build:\n      context: .\n      dockerfile: docker/web/Dockerfile\n"
                        "    environment:\n      SESSION_CACHE_URL: redis://cache:6379/2\n"
                        "    depends_on: [base, cache]\n",
        "docker/base/Dockerfile": "FROM python:3.12\nCOPY site /site/\nWORKDIR /site\n",
        "docker/web/Dockerfile": f"FROM {web_from}\nENTRYPOINT [\"gunicorn\", \"site_app.wsgi\"]\n",
        "site/site_app/__init__.py": "",
        "site/site_app/wsgi.py": "import site_app.settings\n",
        "site/site_app/settings.py": SETTINGS,
    }, git=True)
    return sorted((f.code, f.span.path, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("extra", [
    "    container_name: judge_base\n    network_mode: none\n",
    "    network_mode: \"none\"\n",
    "    container_name: judge_base\n",
])
def test_a_named_or_isolated_base_image_service_is_a_build_step(tmp_path, extra):
    assert _found(tmp_path, extra) == []


def test_recall_an_isolated_service_nothing_builds_from_is_judged(tmp_path):
    found = _found(tmp_path, "    container_name: judge_base\n    network_mode: none\n", web_from="python:3.12")
    assert ("DW108", "site/site_app/settings.py", ("base",)) in found


def test_recall_a_base_service_on_the_host_network_is_judged(tmp_path):
    # network_mode: host configures how its container reaches others: not a build-only service
    found = _found(tmp_path, "    network_mode: host\n    command: python -m site_app.settings\n")
    assert any("base" in services for _, _, services in found)
