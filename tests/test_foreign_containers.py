"""A container that runs none of the project's Python (a Node frontend given the stack's
shared ``.env``) dials a strong-named value only if a file it is built from names the
variable (``flow/foreign.py``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: ./api
    env_file: .env
  web:
    build: ./web
    env_file: .env
"""
FILES = {
    "compose.yaml": COMPOSE,
    ".env": "DATABASE_URL=postgresql://app@localhost:5432/app\n",
    "api/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"main.py\"]\n",
    "api/main.py": "import os\n\nimport psycopg\n\nconn = psycopg.connect(os.environ[\"DATABASE_URL\"])\n",
    "web/Dockerfile": "FROM node:20-alpine\nWORKDIR /web\nCOPY . .\nCMD [\"npm\", \"start\"]\n",
    "web/package.json": '{"name": "web", "scripts": {"start": "next start"}}\n',
    "web/app/page.js": "export default function Page() { return null }\n",
}


def services_of_finding(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, ...]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return [tuple(sorted(f.services)) for f in result.active if f.span.path == ".env"]


def test_a_container_whose_files_never_name_the_variable_does_not_dial_it(tmp_path):
    assert services_of_finding(tmp_path, FILES) == [("api",)]


def test_a_container_whose_files_name_the_variable_may_dial_it(tmp_path):
    files = dict(FILES)
    files["web/prisma/schema.prisma"] = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
    assert services_of_finding(tmp_path, files) == [("api", "web")]


def test_links_and_pipes_among_its_files_are_not_read(tmp_path):
    import os

    outside = tmp_path / "outside.txt"
    outside.write_text("DATABASE_URL\n", encoding="utf-8")
    project = tmp_path / "proj"
    make(project, FILES, git=True)
    os.symlink(outside, project / "web" / "linked.txt")  # names it, but out of the tree: not read
    if hasattr(os, "mkfifo"):
        os.mkfifo(project / "web" / "pipe")  # would block a read
    result = run_check([project], Config(cache=False))
    assert [tuple(sorted(f.services)) for f in result.active if f.span.path == ".env"] == [("api",)]
