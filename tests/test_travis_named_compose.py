"""A Compose file under a name ``docker compose`` does not look for (``local.yml``) is loaded
where the project's Travis CI configuration runs it (``docker-compose -f local.yml up``): Travis
runs its ``script`` lines in the repository's checkout, as GitLab CI does
(``layout/imagebuilds.py`` is_build_script_name, ``layout/namedcompose.py``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

LOCAL = """\
services:
  web:
    build: .
    command: python app.py
  cache:
    image: redis:7
"""
TRAVIS = """\
language: python
services:
  - docker
script:
  - docker-compose -f local.yml build
  - docker-compose -f local.yml run --rm web python -m pytest
"""
FILES = {
    "local.yml": LOCAL,
    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
    "app.py": "import redis\n\nr = redis.Redis(host=\"localhost\", port=6379)\nr.ping()\n",
}


def found(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return [(f.span.path, f.span.line, f.code, tuple(f.services)) for f in result.active]


def test_a_compose_file_a_travis_script_names_is_loaded(tmp_path):
    # judged as the `web` service of local.yml, beside its `cache`
    assert found(tmp_path, {**FILES, ".travis.yml": TRAVIS}) == [("app.py", 3, "DW101", ("web",))]


def test_without_the_travis_file_only_the_dockerfile_is_known(tmp_path):
    assert all(services != ("web",) for *_, services in found(tmp_path, FILES))
