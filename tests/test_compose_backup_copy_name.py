"""A Compose file kept as a backup copy (``docker-compose.yml.old.2024-05-01.yml``,
``compose.bak.yaml``, ``docker-compose.orig.yml``) is not a variant the project runs:
its services may be long gone from the current file, and the code they built is judged
against nothing it no longer runs.  A variant with any other name
(``docker-compose.dev.yml``) is still a layout, and a backup name that a script hands to
``docker compose -f`` is loaded as that script loads it."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

OLD = ("services:\n  api:\n    build: ./app\n    ports:\n      - \"18001:8000\"\n"
       "  llm:\n    image: ollama/ollama:0.5.7\n")
CURRENT = "services:\n  llm:\n    image: ollama/ollama:0.5.7\n"
APP = ('import os\n\nimport httpx\n\nLLM_URL = os.getenv("LLM_URL", "http://localhost:11434")\n\n\n'
       'def ask(prompt):\n    return httpx.post(f"{LLM_URL}/api/generate", json={"prompt": prompt})\n\n\n'
       'ask("hello")\n')


def _findings(tmp_path: Path, name: str, extra: dict[str, str] | None = None) -> list[tuple[str, str]]:
    make(tmp_path, {
        "docker-compose.yml": CURRENT,
        name: OLD,
        "app/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"main.py\"]\n",
        "app/main.py": APP,
        **(extra or {}),
    }, git=True)
    return [(f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("name", [
    "docker-compose.yml.old.2024-05-01.yml",
    "docker-compose.old.yml",
    "compose.bak.yaml",
    "docker-compose.backup.yml",
    "docker-compose.orig.yml",
    "docker-compose.yaml.bak.yaml",
])
def test_a_backup_copy_is_no_layout(tmp_path, name):
    assert _findings(tmp_path, name) == []


@pytest.mark.parametrize("name", ["docker-compose.dev.yml", "docker-compose.bakery.yml", "compose.older-api.yaml"])
def test_a_variant_still_runs_its_code(tmp_path, name):
    assert _findings(tmp_path, name) == [("DW101", "app/main.py")]


def test_a_backup_a_script_loads_is_a_layout(tmp_path):
    name = "docker-compose.old.yml"
    make_file = {"Makefile": f"up:\n\tdocker compose -f {name} up -d\n"}
    assert _findings(tmp_path, name, make_file) == [("DW101", "app/main.py")]
