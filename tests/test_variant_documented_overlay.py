"""A variant Compose file whose services each repeat the base's ``build`` is complete, and
so judged alone; but where the project says it is run after the base file
(``docker compose -f docker-compose.yml -f docker-compose.dev.yml up``, in the variant's
own usage comment or in a script), it is an overlay: its services keep the base's
environment, so the code's fallback for an unset variable the base sets never runs."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

BASE = ("services:\n"
        "  ledger:\n    image: postgres:16\n"
        "  api:\n    build: ./svc\n    command: python main.py\n"
        "    environment:\n      LEDGER_DSN: postgresql://u:p@ledger:5432/books\n")

VARIANT = ("services:\n"
           "  api:\n    build: ./svc\n    command: python main.py --reload\n"
           "    environment:\n      MODE: dev\n")

APP = ("import os\n"
       "from sqlalchemy import create_engine\n"
       "engine = create_engine(os.environ.get('LEDGER_DSN', 'postgresql://u:p@localhost:5432/books'))\n")

USAGE = "# Usage: docker compose -f docker-compose.yml -f docker-compose.dev.yml up\n"


def findings(tmp_path, variant: str, extra: dict[str, str] | None = None):
    files = {"docker-compose.yml": BASE, "docker-compose.dev.yml": variant,
             "svc/Dockerfile": "FROM python:3.12\nCOPY . /app\nWORKDIR /app\n", "svc/main.py": APP}
    files.update(extra or {})
    make(tmp_path, files, git=True)
    return [(f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_variant_whose_usage_comment_runs_it_over_the_base_is_an_overlay(tmp_path):
    assert findings(tmp_path, USAGE + VARIANT) == []


def test_a_variant_a_script_runs_over_the_base_is_an_overlay(tmp_path):
    script = {"Makefile": "dev:\n\tdocker compose -f docker-compose.yml -f docker-compose.dev.yml up\n"}
    assert findings(tmp_path, VARIANT, script) == []


def test_a_variant_nothing_runs_over_the_base_is_judged_alone(tmp_path):
    # the same file without a word of how it is run: a project of its own, without the DSN
    assert findings(tmp_path, VARIANT) == [("svc/main.py", "DW101")]


def test_a_variant_also_run_alone_is_still_judged_alone(tmp_path):
    script = {"run.sh": "docker compose -f docker-compose.dev.yml up -d\n"}
    assert findings(tmp_path, USAGE + VARIANT, script) == [("svc/main.py", "DW101")]
