"""A service whose Compose ``build.target`` names a stage its Dockerfile does not define cannot
be built ("target stage could not be found"): its container never runs, so nothing it would
hold is judged there, not even the code a bind mount would put in it.  The same service with the stage defined (in any letter case, as Docker
matches stage names) keeps its findings (a target given by a variable is read with Compose's interpolation)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n"
           "  web:\n    build:\n      context: .\n      dockerfile: ops/Dockerfile\n      target: {target}\n"
           "    volumes:\n      - .:/srv\n"
           "    command: uvicorn site_app:app --host 0.0.0.0\n"
           "  pg:\n    image: postgres:16\n")
DOCKERFILE = ("FROM python:3.12-slim AS {stage}\nWORKDIR /srv\nRUN pip install fastapi uvicorn sqlalchemy\n"
              "COPY site_app.py ./\n")
APP = ('from fastapi import FastAPI\nfrom sqlalchemy import create_engine\n\n'
       'engine = create_engine("postgresql://u:p@localhost:5432/site")\napp = FastAPI()\n')


def findings(tmp_path: Path, target: str = "devel", stage: str = "base") -> list[tuple[str, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(target=target),
                    "ops/Dockerfile": DOCKERFILE.format(stage=stage), "site_app.py": APP}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


def test_a_target_the_dockerfile_lacks_builds_nothing(tmp_path):
    assert findings(tmp_path) == []


def test_the_stage_defined_keeps_the_finding(tmp_path):
    assert findings(tmp_path, stage="devel") == [("site_app.py", "DW101")]


def test_stage_names_match_in_any_letter_case(tmp_path):
    assert findings(tmp_path, target="Devel", stage="DEVEL") == [("site_app.py", "DW101")]


def test_a_target_given_by_a_variables_default_is_that_stage(tmp_path):
    assert findings(tmp_path, target="${BUILD_TARGET:-devel}") == []
    assert findings(tmp_path, target="${BUILD_TARGET:-devel}", stage="devel") == [("site_app.py", "DW101")]
