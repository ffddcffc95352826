"""A Compose ``build`` whose Dockerfile is not in the tree cannot run; where the service also
names an ``image``, that image is what its container runs (pulled, or built by the tree some
other way: ``docker build -t IMAGE`` in a Makefile).  The build context is then not the
container's content: a host-side helper beside the Compose file is not judged there, while
the image's own build (when the tree makes it) and the service's bind mounts still are."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  metadata:
    image: postgres:16
    ports: ["5432:5432"]
  orchestrator:
    image: acme/orchestrator:1
    build:
      context: .
    volumes:
      - ./jobs:/srv/jobs
"""
HELPER = """\
import psycopg2

conn = psycopg2.connect(host="127.0.0.1", port=5432, dbname="orch")
conn.cursor().execute("select 1")
"""
JOB = """\
import psycopg2

psycopg2.connect(host="{host}", port=5432, dbname="orch").cursor().execute("select 1")
"""
BUILT_ELSEWHERE = """\
FROM python:3.12-slim
COPY runner.py /srv/runner.py
CMD ["python", "/srv/runner.py"]
"""
RUNNER = """\
import redis

redis.Redis(host="localhost", port=6379).ping()
"""


def _findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str, tuple[str, ...]]]:
    make(tmp_path, {"compose.yaml": COMPOSE, "load_locally.py": HELPER, **files}, git=True)
    return sorted((f.code, f.span.path, tuple(sorted(f.services)))
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_host_helper_beside_a_build_without_dockerfile_is_not_judged(tmp_path):
    assert _findings(tmp_path, {"jobs/nightly.py": JOB.format(host="metadata")}) == []


def test_the_mounted_code_is_still_judged(tmp_path):
    assert _findings(tmp_path, {"jobs/nightly.py": JOB.format(host="localhost")}) == [
        ("DW101", "jobs/nightly.py", ("orchestrator",))]


def test_the_image_the_tree_builds_elsewhere_runs_its_own_code(tmp_path):
    assert _findings(tmp_path, {
        "jobs/nightly.py": JOB.format(host="metadata"),
        "Makefile": "image:\n\tdocker build -t acme/orchestrator:1 -f ops/Dockerfile ops\n",
        "ops/Dockerfile": BUILT_ELSEWHERE,
        "ops/runner.py": RUNNER,
    }) == [("DW101", "ops/runner.py", ("orchestrator",))]


def test_a_build_with_its_dockerfile_still_holds_its_context(tmp_path):
    assert _findings(tmp_path, {
        "jobs/nightly.py": JOB.format(host="metadata"),
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /srv\nCMD [\"python\", \"/srv/load_locally.py\"]\n",
    }) == [("DW101", "load_locally.py", ("orchestrator",))]
