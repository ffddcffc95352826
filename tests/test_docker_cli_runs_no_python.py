"""The Docker CLI (``docker``, ``docker-compose``) asks a daemon to build and run containers,
each in its own network namespace: it runs none of the project's Python in the container that
calls it.  A Docker-in-Docker hub whose entrypoint starts ``dockerd``, waits on ``docker info``
and execs a JVM holds the workshops' Python sources only to hand them to the nested engine: its
start command is followed (no fallback to every file it holds), and a Python file it never runs
is no finding there; a script of the same entrypoint that runs one keeps it."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = ('FROM docker:24-dind\nRUN apk add --no-cache openjdk21-jre bash\nWORKDIR /app\n'
              'COPY . /workshops\nCOPY hub/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n')
ENTRY = ('#!/bin/bash\nset -e\ndockerd --host=unix:///var/run/docker.sock &\n'
         'while ! docker info > /dev/null 2>&1; do\n    sleep 2\ndone\n'
         'docker compose -f /app/compose.internal.yml pull\nexec java -jar /app/app.jar\n')
APP = ('import os\n\nimport redis\n\n'
       'r = redis.Redis(host=os.getenv("REDIS_HOST", "localhost"), port=6379)\nr.ping()\n')


def findings(tmp_path: Path, entry: str = ENTRY) -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": "services:\n  hub:\n    build: .\n    privileged: true\n",
                    "Dockerfile": DOCKERFILE, "hub/entrypoint.sh": entry, "python/app.py": APP}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


def test_a_hub_that_drives_a_nested_engine_runs_none_of_the_python_it_holds(tmp_path):
    assert findings(tmp_path) == []


def test_a_script_that_runs_the_python_keeps_it(tmp_path):
    entry = ENTRY.replace("exec java -jar /app/app.jar\n", "exec python /workshops/python/app.py\n")
    assert findings(tmp_path, entry) == [("python/app.py", 5, "DW101")]
