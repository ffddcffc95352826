"""One image, one entrypoint script, several services: each service's command gives the word
the script dispatches on (``case "$1" in``, or ``case "$SERVICE" in`` after
``SERVICE=${1:-web}``), and only that arm runs there.  Read whole, the script started every
arm in every service: the scheduler container was judged as running the web API's modules,
and a loopback default the API's own service overrides was reported in the scheduler."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.dispatch import select_first_arg_cases
from tests.conftest import make

ON_FIRST = """#!/bin/bash
set -e
wait_on() {
    local target=$1
    case "$target" in
      *) echo "waiting on $target" ;;
    esac
}
case "$1" in
  web)
    exec python -m svc.web
    ;;
  sched)
    exec python -m svc.sched
    ;;
  *)
    echo "unknown role"; exit 1
    ;;
esac
"""
ON_ALIAS = ON_FIRST.replace('case "$1" in', 'ROLE=${1:-web}\ncase "$ROLE" in')


def _findings(tmp_path: Path, script: str, web_env: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        f"  web:\n    build: .\n    command: [\"web\"]\n{web_env}"
                        "  sched:\n    build: .\n    command: [\"sched\"]\n"
                        "  vectors:\n    image: qdrant/qdrant\n    expose: [\"6333\"]\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["/app/run.sh"]\nCMD ["web"]\n',
        "run.sh": script,
        "svc/__init__.py": "",
        "svc/web.py": "import os\nfrom qdrant_client import QdrantClient\n"
                      "client = QdrantClient(url=os.getenv(\"QDRANT_URL\", \"http://localhost:6333\"))\n",
        "svc/sched.py": "import redis\nr = redis.Redis(host=\"cache\", port=6379)\n",
    }, git=True)
    return sorted((f.code, f.service) for f in run_check([tmp_path], Config(cache=False)).active)


SET = "    environment:\n      - QDRANT_URL=http://vectors:6333\n"
UNSET = "    environment:\n      - OTHER=1\n"


@pytest.mark.parametrize("script", [ON_FIRST, ON_ALIAS])
def test_the_other_arm_does_not_run_in_a_service(tmp_path, script):
    assert _findings(tmp_path, script, SET) == []


@pytest.mark.parametrize("script", [ON_FIRST, ON_ALIAS])
def test_the_arm_the_service_takes_is_still_judged(tmp_path, script):
    assert _findings(tmp_path, script, UNSET) == [("DW101", "web")]


def test_selection_keeps_functions_and_shifted_or_reassigned_words():
    cut = select_first_arg_cases(ON_FIRST, "sched")
    assert "svc.sched" in cut and "svc.web" not in cut and 'case "$target"' in cut
    shifted = ON_FIRST.replace('case "$1" in', 'shift\ncase "$1" in')
    assert "svc.web" in select_first_arg_cases(shifted, "sched")
    reassigned = ON_ALIAS.replace("set -e", "set -e\nROLE=web")
    assert "svc.web" in select_first_arg_cases(reassigned, "sched")
