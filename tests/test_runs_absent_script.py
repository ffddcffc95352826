"""A container built FROM an interpreter image whose start command is ``python app.py`` where
no file of the project is app.py, and whose Dockerfile cannot put one there, exits at start:
it runs none of the project's files, so the files it holds (a sibling ``server.py``) are not
judged for it.  Anything that may supply the script keeps it judged: a file of the project of
that name, a RUN that names it or writes files, a COPY from a stage or of a source the tree
lacks, an image other than the interpreter's, a start command that is not the interpreter."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SERVER = """\
import redis

cache = redis.Redis(host="localhost", port=6379)


def hits():
    return cache.incr("hits")
"""

DOCKERFILE = """\
FROM {base}
WORKDIR /srv
COPY requirements.txt requirements.txt
RUN pip install --no-cache-dir -r requirements.txt
{more}"""

COMPOSE = """\
services:
  cache:
    image: redis:7
  web:
    build: .
    command: {command}
{volumes}"""

MOUNT = "    volumes:\n      - ./site:/srv\n"


def _services(tmp_path: Path, *, base: str = "python:3.12-slim", more: str = "", command: str = "python app.py",
              volumes: str = MOUNT, extra: dict[str, str] | None = None) -> list[str]:
    files = {"compose.yaml": COMPOSE.format(command=command, volumes=volumes),
             "Dockerfile": DOCKERFILE.format(base=base, more=more),
             "requirements.txt": "redis\n", "site/server.py": SERVER}
    files.update(extra or {})
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted(s for f in result.active for s in f.services)


def test_a_mounted_directory_without_the_script_runs_nothing(tmp_path):
    assert _services(tmp_path) == []


def test_a_copied_directory_without_the_script_runs_nothing(tmp_path):
    assert _services(tmp_path, more="COPY site/ /srv/\n", volumes="") == []


def test_a_script_by_absolute_path_runs_nothing(tmp_path):
    assert _services(tmp_path, command="python3 /srv/app.py") == []


@pytest.mark.parametrize("kwargs", [
    # an image of its own may ship the script
    {"base": "example/flask-site:2"},
    # the build writes the script, or may (where no bind mount hides what it wrote)
    {"more": "COPY site/ /srv/\n" "RUN echo 'import server' > app.py\n", "volumes": ""},
    {"more": "COPY site/ /srv/\n" "RUN cp -r /opt/site/* /srv/\n", "volumes": ""},
    {"more": "COPY site/ /srv/\n" "RUN python -c 'open(\"x\", \"w\")' && git clone https://example.invalid/s.git /opt/s\n",
     "volumes": ""},
    {"more": "COPY site/ /srv/\n" "COPY --from=example/site-bundle:1 /srv/ /srv/\n", "volumes": ""},
    {"more": "COPY site/ /srv/\n" "COPY generated/ /srv/\n", "volumes": ""},
    {"more": "COPY site/ /srv/\n" "COPY ${SITE_DIR} /srv/\n", "volumes": ""},
    {"more": "COPY site/ /srv/\n" "COPY *.py /srv/\n", "volumes": ""},
    {"more": "COPY site/ /srv/\n" "ADD https://example.invalid/app.py /srv/app.py\n", "volumes": ""},
    # a file of the project may be the script, mounted or copied where the layout does not say
    {"extra": {"deploy/app.py": "import server\n"}},
    # a shell may write the file before the interpreter starts
    {"command": 'sh -c "cp server.py app.py && python app.py"'},
])
def test_what_may_supply_the_script_keeps_the_container_judged(tmp_path, kwargs):
    assert _services(tmp_path, **kwargs) == ["web"]


def test_a_script_the_container_holds_is_followed(tmp_path):
    assert _services(tmp_path, command="python server.py") == ["web"]


def test_the_finding_of_a_sibling_service_stays(tmp_path):
    compose = COMPOSE.format(command="python app.py", volumes=MOUNT) + (
        "  worker:\n    build: .\n    command: python server.py\n    volumes:\n      - ./site:/srv\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE.format(base="python:3.12-slim", more=""),
                    "requirements.txt": "redis\n", "site/server.py": SERVER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert sorted(s for f in result.active for s in f.services) == ["worker"]
