"""A flag read through a settings instance that a package hands on: ``kit/conf/__init__.py``
says ``from .values import options`` and a route handler imports ``from conf import options``,
then dials only ``if options.REMOTE_LEDGER:``.  The instance is the one ``conf/values.py``
binds (``options = Options()``), so the flag's field decides the branch as it does where the
handler imports the instance from the defining module: set off in the service's environment,
the branch's address is no target; set on, it stays one."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

VALUES = ("from typing import Optional\n\n"
          "from pydantic_settings import BaseSettings\n\n\n"
          "class Options(BaseSettings):\n"
          "    REMOTE_LEDGER: bool\n"
          "    LEDGER_URL: Optional[str] = None\n\n\n"
          "options = Options()\n")
HANDLER = ("import httpx\n"
           "from fastapi import FastAPI\n\n"
           "from conf import options\n\n"
           "app = FastAPI()\n\n\n"
           "@app.post(\"/entries\")\n"
           "def add_entry():\n"
           "    if options.REMOTE_LEDGER:\n"
           "        httpx.post(str(options.LEDGER_URL).rstrip(\"/\") + \"/add\")\n"
           "    return {}\n")


def findings(tmp_path: Path, sample: str, package: str = "from .values import options\n") -> list[tuple[str, str, int]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  ledger-api:\n    build: .\n"
                         "    command: uvicorn main:app --host 0.0.0.0 --port 8000\n"
                         "    env_file:\n      - .env\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY ./kit /srv\n",
        # the operator writes .env from the committed sample
        ".env.example": sample,
        "kit/conf/__init__.py": package,
        "kit/conf/values.py": VALUES,
        "kit/main.py": HANDLER,
    }, git=True)
    return [(f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("word", ["False", "0", "off"])
def test_a_flag_set_off_turns_off_the_branch_through_the_package(tmp_path, word):
    sample = f"REMOTE_LEDGER={word}\nLEDGER_URL=http://localhost:8011\n"
    assert findings(tmp_path, sample) == []


def test_a_flag_set_on_keeps_the_finding(tmp_path):
    sample = "REMOTE_LEDGER=True\nLEDGER_URL=http://localhost:8011\n"
    assert findings(tmp_path, sample) == [("DW101", ".env.example", 2)]


def test_a_star_import_hands_the_instance_on_too(tmp_path):
    off = "REMOTE_LEDGER=False\nLEDGER_URL=http://localhost:8011\n"
    assert findings(tmp_path, off, package="from .values import *\n") == []
    on = "REMOTE_LEDGER=yes\nLEDGER_URL=http://localhost:8011\n"
    assert findings(tmp_path, on, package="from .values import *\n") == [("DW101", ".env.example", 2)]
