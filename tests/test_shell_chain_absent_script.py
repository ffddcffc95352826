"""A ``sh -c`` start command whose first step is a script the container does not hold.

An image built ``FROM python`` copies one directory of the project into its working directory
and starts ``sh -c "python prepare.py && gunicorn main:app"``; the Compose service bind-mounts
the whole checkout over that directory, hiding what the build copied.  The interpreter cannot
open ``prepare.py`` there and exits (whatever the build wrote there, a ``COPY`` of a file the
checkout lacks included, the mount hides), and ``&&`` stops the chain: nothing of the project runs,
and a provisioning script run from the host (``ops/provision.py``, dialling a published port on
``localhost``) is not the container's code.  Judging every file the container holds charged it
with that script.  A chain joined by ``;`` runs its next step whatever the first did, and keeps
the container judged as before; without the bind mount the copied files do run.  The service
that starts a mounted script of its own is judged in every case."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = """FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
COPY local.env .
RUN pip install --no-cache-dir -r requirements.txt
COPY service .
ENTRYPOINT ["/bin/sh", "-c", "python prepare.py @JOIN@ gunicorn --bind 0.0.0.0:5000 main:app"]
"""

PREPARE = """import redis

if __name__ == "__main__":
    redis.Redis(host="localhost", port=6379).ping()
"""

MAIN = """from flask import Flask
import redis

app = Flask(__name__)
store = redis.Redis(host="localhost", port=6379)
"""

PROVISION = """import requests

PANEL_URL = "http://localhost:3000"


def create_token():
    return requests.post(f"{PANEL_URL}/api/tokens", json={"name": "feed"})


if __name__ == "__main__":
    create_token()
"""

WORKER = """import redis

queue = redis.Redis(host="localhost", port=6379)
queue.ping()
"""

COMPOSE = """services:
  api:
    build: .
    ports:
      - "5000:5000"
@API_EXTRA@  worker:
    build: .
    entrypoint: ["python", "jobs/worker.py"]
    volumes:
      - .:/srv
  panel:
    image: grafana/grafana:11.0.0
    ports:
      - "3000:3000"
  cache:
    image: redis:7
"""

MOUNT = """    volumes:
      - .:/srv
"""


def findings(tmp_path: Path, join: str, api_extra: str) -> list[tuple[str, int, str, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.replace("@API_EXTRA@", api_extra),
        "Dockerfile": DOCKERFILE.replace("@JOIN@", join),
        "requirements.txt": "flask\ngunicorn\nredis\nrequests\n",
        "service/prepare.py": PREPARE,
        "service/main.py": MAIN,
        "ops/provision.py": PROVISION,
        "jobs/worker.py": WORKER,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((str(f.span.path), f.span.line, f.code, ",".join(f.services))
                  for f in result.active)


def test_a_chain_stopped_by_its_absent_first_script_runs_nothing(tmp_path):
    assert findings(tmp_path, "&&", MOUNT) == [("jobs/worker.py", 3, "DW101", "worker")]


def test_a_chain_whose_next_step_runs_anyway_keeps_the_container_judged(tmp_path):
    found = findings(tmp_path, ";", MOUNT)
    assert ("ops/provision.py", 3, "DW101", "api") in found
    assert any(path == "jobs/worker.py" and "worker" in services.split(",") for path, _, _, services in found)


def test_the_copied_scripts_run_without_the_mount(tmp_path):
    found = findings(tmp_path, "&&", "")
    assert ("jobs/worker.py", 3, "DW101", "worker") in found
    assert ("service/main.py", 5, "DW101", "api") in found
    assert ("service/prepare.py", 4, "DW101", "api") in found
    assert not any(path == "ops/provision.py" for path, *_ in found)


def test_a_script_the_mount_hides_runs_nothing_when_started_directly(tmp_path):
    extra = MOUNT + """    entrypoint: ["python", "prepare.py"]
"""
    assert findings(tmp_path, "&&", extra) == [("jobs/worker.py", 3, "DW101", "worker")]
