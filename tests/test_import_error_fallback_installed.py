"""An ``except ImportError:`` handler runs only where an import of its ``try`` fails.  Where the
service's one-stage image installs every library the ``try`` imports (``pip install -r`` of a
requirements file that names it), the handler's loopback fallback never dials: no finding.  Where
the image does not surely install one of them (the requirements file lacks it, a build stage
installs it, the handler catches more than ImportError, the ``try`` imports a module of the
project), the fallback is judged as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  jobs:
    build: .
  cache:
    image: redis:7
"""
DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "-m", "jobs.main"]
"""
TWO_STAGES = """\
FROM python:3.12-slim AS deps
COPY requirements.txt .
RUN pip install --prefix=/deps -r requirements.txt
FROM python:3.12-slim
WORKDIR /srv
COPY --from=deps /deps /usr/local
COPY . .
CMD ["python", "-m", "jobs.main"]
"""
QUEUE = """\
import os

import redis

try:
    import urlknit
    CLIENT = redis.Redis.from_url(urlknit.tidy(os.environ.get("QUEUE_URL", "redis://cache:6379/0")))
except {caught}:
    CLIENT = redis.Redis(host=os.environ.get("QUEUE_HOST", "localhost"), port=6379)
"""
MAIN = """\
from jobs.queue import CLIENT

CLIENT.ping()
"""


def _run(tmp_path: Path, requirements: str, dockerfile: str = DOCKERFILE, caught: str = "ImportError",
         queue: str = QUEUE) -> set[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": dockerfile,
        "requirements.txt": requirements,
        "jobs/__init__.py": "",
        "jobs/queue.py": queue.format(caught=caught),
        "jobs/main.py": MAIN,
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return {f"{f.span.path}:{f.span.line}:{f.code}" for f in found}


def test_a_fallback_after_an_installed_import_never_runs(tmp_path: Path) -> None:
    assert _run(tmp_path, "redis==5.0.1\nurlknit==1.2\n") == set()


def test_a_fallback_after_an_import_not_installed_is_judged(tmp_path: Path) -> None:
    assert _run(tmp_path, "redis==5.0.1\n") == {"jobs/queue.py:9:DW101"}


def test_a_marked_requirement_may_be_skipped(tmp_path: Path) -> None:
    got = _run(tmp_path, 'redis==5.0.1\nurlknit==1.2; python_version < "3.9"\n')
    assert got == {"jobs/queue.py:9:DW101"}


def test_a_build_stage_install_keeps_the_fallback_judged(tmp_path: Path) -> None:
    got = _run(tmp_path, "redis==5.0.1\nurlknit==1.2\n", dockerfile=TWO_STAGES)
    assert got == {"jobs/queue.py:9:DW101"}


def test_a_handler_catching_more_than_import_errors_is_judged(tmp_path: Path) -> None:
    got = _run(tmp_path, "redis==5.0.1\nurlknit==1.2\n", caught="(ImportError, ValueError)")
    assert got == {"jobs/queue.py:9:DW101"}


def test_a_project_module_in_the_try_keeps_the_fallback_judged(tmp_path: Path) -> None:
    queue = QUEUE.replace("    import urlknit\n", "    import urlknit\n    from jobs import local_overrides\n")
    got = _run(tmp_path, "redis==5.0.1\nurlknit==1.2\n", queue=queue)
    assert got == {"jobs/queue.py:10:DW101"}
