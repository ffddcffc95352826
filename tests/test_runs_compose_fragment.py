"""A Compose service with neither an image nor a build is a part of a project assembled
elsewhere (a dev container's second Compose file, ``services: app: volumes: [..:/workspace]``,
merged onto the file that builds the app): Compose refuses to create it as it stands, so the
code it mounts is not taken to run there, and the defaults that code falls back to are not
judged against a container whose environment is written in the other file."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = "import os\nimport redis\n\nr = redis.Redis(host=os.environ.get('CACHE_HOST', '127.0.0.1'))\n"


def findings(tmp_path, service: str) -> list[str]:
    make(tmp_path, {
        "devcontainer/compose.yaml": f"services:\n  app:\n{service}    volumes:\n      - ..:/workspace\n",
        "app/cache.py": APP,
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_service_without_image_or_build_runs_nothing_known(tmp_path):
    assert findings(tmp_path, "") == []


def test_a_service_with_an_image_still_runs_the_code_it_mounts(tmp_path):
    assert findings(tmp_path, "    image: python:3.12\n") == ["DW101"]
