"""A ``.env`` beside the Compose file that is a directory (a folder of env files the services
name: ``env_file: .env/.dev``) is not the project's interpolation file: Compose skips it, so
dockwise reports no "not a regular file" error for it and still judges the files inside."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.compose import ReadFailure, load_dotenv

from tests.conftest import make

FILES = {
    "compose.yaml": "services:\n  api:\n    build: .\n    env_file: .env/.dev\n",
    "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
    "main.py": 'import os\n\nimport psycopg\n\npsycopg.connect(os.environ["DATABASE_URL"])\n',
    ".env/.dev": "DATABASE_URL=postgresql://app@localhost:5432/app\n",
}


def test_a_default_env_directory_is_no_error_and_its_files_are_still_judged(tmp_path: Path):
    make(tmp_path, FILES, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert [e.message for e in result.errors] == []
    assert [(f.code, f.span.path) for f in result.active] == [("DW101", ".env/.dev")]


def directory_reader(path: str) -> str:
    raise ReadFailure("not a regular file", directory=True)


def test_only_an_env_file_named_explicitly_must_be_a_file():
    assert load_dotenv(directory_reader, ".") == ({}, [], None)
    _, errors, _ = load_dotenv(directory_reader, ".", explicit=True)
    assert [e.message for e in errors] == ["not a regular file"]
