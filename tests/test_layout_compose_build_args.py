"""Compose ``build.args`` give the Dockerfile's ARGs their values: ``COPY deploy/${ROLE}/
/opt/role/`` with ``args: {ROLE: api}`` copies ``deploy/api``, so the entrypoint script it holds
is read and the container runs what that script starts, not every file it holds.  A value
the build argument does not give (no args, a variable Compose cannot fill) keeps the
Dockerfile's own default."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout
from tests.conftest import make

DOCKERFILE = ("FROM python:3.12-slim\nARG ROLE\nARG FLAVOUR=plain\nWORKDIR /srv\nCOPY ledger/ /srv/ledger/\n"
              "COPY deploy/${ROLE}/ /opt/role/\nCOPY extras/${FLAVOUR}.txt /opt/flavour.txt\n"
              "ENTRYPOINT [\"/opt/role/start.sh\"]\n")
SERVER = ('from sqlalchemy import create_engine\n\n'
          'engine = create_engine("postgresql://ledger:pw@accounts-db:5432/ledger")\n')
BACKFILL = ('from sqlalchemy import create_engine\n\n'
            'engine = create_engine("postgresql://ledger:pw@localhost:5432/ledger")\n')


def project(tmp_path, args: str, server: str = SERVER) -> None:
    make(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "compose.yaml": ("services:\n  accounts-db:\n    image: postgres:16\n"
                         f"  ledger:\n    build:\n      context: .\n{args}"),
        "deploy/api/start.sh": "#!/bin/sh\nexec python -m ledger.server\n",
        "ledger/__init__.py": "", "ledger/server.py": server, "ledger/backfill.py": BACKFILL,
        "extras/plain.txt": "", "extras/rich.txt": "",
    }, git=True)


def findings(tmp_path) -> list[tuple[str, int, str]]:
    return sorted((f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
                  for f in run_check([tmp_path], Config(cache=False)).active)


def code_sources(tmp_path) -> set[str]:
    layout = load_layout(Path(tmp_path), default_knowledge())
    return {root.source for p in layout.projects for s in p.services for root in s.code}


def test_a_build_argument_picks_the_directory_copied(tmp_path):
    project(tmp_path, "      args:\n        ROLE: api\n        FLAVOUR: rich\n")
    assert {"deploy/api", "extras/rich.txt"} <= code_sources(tmp_path)


def test_the_list_form_and_the_declared_default(tmp_path):
    project(tmp_path, "      args:\n        - ROLE=api\n")
    assert {"deploy/api", "extras/plain.txt"} <= code_sources(tmp_path)


def test_the_script_a_build_argument_copies_says_what_runs(tmp_path):
    # the entrypoint script is found: the backfill module it never imports is not judged
    project(tmp_path, "      args:\n        ROLE: api\n")
    assert findings(tmp_path) == []


def test_what_that_script_runs_is_still_judged(tmp_path):
    project(tmp_path, "      args:\n        ROLE: api\n", server=BACKFILL)
    assert findings(tmp_path) == [("server.py", 3, "DW101")]
