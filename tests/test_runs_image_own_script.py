"""A ready-made image (no build from the project) whose start command runs a Python script
that no file of the project could be runs the image's own code: the project mounted into it
(a checkout, data, models) is not shown to run there, so its loopback addresses are no
finding for that container.  A script the project holds, a built image, or a PYTHONPATH that
points the image at the mounted code keeps the container judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CLIENT = """\
import requests

SEARCH_URL = "http://127.0.0.1:9200"


def lookup(term):
    return requests.get(f"{SEARCH_URL}/find", params={"q": term}, timeout=5)
"""


def _services(tmp_path: Path, service: str, extra: dict[str, str] | None = None) -> list[str]:
    compose = "services:\n  search:\n    image: opensearchproject/opensearch:2\n" + service
    files = {"compose.yaml": compose, "shelf/__init__.py": "", "shelf/client.py": CLIENT,
             "shelf/run.py": "from shelf.client import lookup\nlookup('x')\n"}
    files.update(extra or {})
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted(s for f in result.active for s in f.services)


VECTORS = """\
  vectors:
    image: example/vector-api:1.4
    entrypoint: "python ./vector-api/app/main.py"
    volumes:
      - .:/shelf-src
{more}"""


def test_a_script_of_the_image_runs_none_of_the_mounted_project(tmp_path):
    assert _services(tmp_path, VECTORS.format(more="")) == []


@pytest.mark.parametrize("more, extra", [
    # the image is pointed at the mounted code: it may import it
    ("    environment:\n      PYTHONPATH: /shelf-src\n", None),
    # the project holds a file that may be that script, mounted where the command does not say
    ("", {"vector-api/app/main.py": "from shelf.client import lookup\nlookup('y')\n"}),
])
def test_the_mounted_project_may_run_there(tmp_path, more, extra):
    assert _services(tmp_path, VECTORS.format(more=more), extra) == ["vectors"]


def test_a_script_of_the_project_is_followed(tmp_path):
    service = ("  reader:\n    image: python:3.12-slim\n    working_dir: /srv\n"
               "    command: python shelf/run.py\n    volumes:\n      - .:/srv\n")
    assert _services(tmp_path, service) == ["reader"]
