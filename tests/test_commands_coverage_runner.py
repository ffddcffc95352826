"""``coverage run [options] script.py`` (or ``-m module``) runs the script under measurement as the
interpreter would; ``coverage report``, ``html``, ``xml``, ``combine`` and ``erase`` read the
data file and run none of the project.  Such a start command used to be unknown, and the
container was judged on every file it holds."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  cache:
    image: redis:7
  measured:
    build: .
    command: coverage run --source=. --omit "*/vendor/*" worker.py --once
  measured_module:
    build: .
    command: ["coverage", "run", "-m", "jobs.nightly"]
  summary:
    build: .
    command: coverage report -m
"""
DOCKERFILE = """\
FROM python:3.12-slim
RUN pip install coverage redis
WORKDIR /srv
COPY . /srv
"""
DIAL = """\
import redis

redis.Redis(host="localhost", port=6379).ping()
"""
HELPER = """\
import redis

redis.Redis(host="cache", port=6379).ping()
"""


def _findings(tmp_path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": DOCKERFILE,
        "worker.py": DIAL,
        "jobs/__init__.py": "",
        "jobs/nightly.py": DIAL,
        "seed_local.py": DIAL,
        "ops_helper.py": HELPER,
    }, git=True)
    return sorted((f.code, f.span.path, tuple(sorted(f.services)))
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_coverage_run_judges_the_script_and_module_it_runs(tmp_path):
    found = _findings(tmp_path)
    assert any(code == "DW101" and path == "worker.py" and "measured" in svcs for code, path, svcs in found)
    assert any(code == "DW101" and path == "jobs/nightly.py" and "measured_module" in svcs
               for code, path, svcs in found)


def test_a_file_coverage_does_not_run_is_not_judged_there(tmp_path):
    found = _findings(tmp_path)
    assert not any(path == "seed_local.py" for _code, path, _svcs in found)
    assert not any("summary" in svcs for _code, _path, svcs in found)
