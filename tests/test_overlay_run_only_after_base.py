"""A Compose file kept apart from its base (``.ci/compose.smoke.yml``) that the tree's scripts
load only after the base (a CI workflow's ``COMPOSE: docker compose -f compose.prod.yml -f
.ci/compose.smoke.yml``, run as ``$COMPOSE up``) is an overlay of that project: judged merged,
where its service keeps the base's environment, not alone, where the service would run without
it and its code's loopback default would look dialled.  A file some script also runs first
stays a project of its own, and the merged project keeps its own findings."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = ('import os\n\nimport psycopg\n\n'
       'conn = psycopg.connect(os.getenv("LEDGER_DSN", "postgresql://app@localhost:5432/app"))\n')
PROD = """\
services:
  api:
    build: .
    environment:
      LEDGER_DSN: postgresql://app@{host}:5432/app
  ledger:
    image: postgres:16
"""
WORKFLOW = """\
name: smoke
on: [push]
jobs:
  smoke:
    runs-on: ubuntu-latest
    env:
      COMPOSE: docker compose -f compose.prod.yml -f .ci/compose.smoke.yml
    steps:
      - uses: actions/checkout@v4
      - run: docker build -t api:smoke .
      - run: $COMPOSE up -d --wait
{extra}"""


def _findings(tmp_path: Path, host: str = "ledger", extra: str = "") -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.prod.yml": PROD.format(host=host),
        ".ci/compose.smoke.yml": "# overlay for the smoke workflow\nservices:\n  api:\n    image: api:smoke\n",
        ".github/workflows/smoke.yml": WORKFLOW.format(extra=extra),
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": APP,
    }, git=True)
    return sorted((f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active)


def test_an_overlay_run_only_after_its_base_is_judged_merged(tmp_path):
    assert _findings(tmp_path) == []


def test_the_merged_project_keeps_its_findings(tmp_path):
    assert _findings(tmp_path, host="localhost") == [("DW101", "compose.prod.yml")]


def test_a_file_also_run_first_is_judged_alone_too(tmp_path):
    extra = "      - run: docker compose -f .ci/compose.smoke.yml up -d\n"
    assert _findings(tmp_path, extra=extra) == [("DW101", "main.py")]
