"""A container that runs none of the project's Python, given the stack's shared ``.env``,
reads a variable only if a file it runs or is built from names it (``flow/foreign.py``).
Where it mounts the stack's development directory, that directory also holds the layout's
own files (the Compose file, which names the variable to hand it on) and the start scripts
of the other services (which read it in their containers): neither is code this container
runs, so neither is evidence that it reads the variable."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """\
# the stack's settings: DATABASE_URL and the rest come from ../.env
services:
  api:
    build:
      context: ..
      dockerfile: dev/api.Dockerfile
    env_file: ../.env
    entrypoint: ["/srv/dev/scripts/api-start.sh"]
    volumes:
      - ../api:/srv/api
      - ../dev:/srv/dev
  web:
    build:
      context: ..
      dockerfile: dev/web.Dockerfile
    env_file: ../.env
    entrypoint: ["/srv/dev/scripts/web-start.sh"]
    volumes:
      - ../web:/srv/web
      - ../dev:/srv/dev
"""
FILES = {
    "dev/compose.yaml": COMPOSE,
    ".env": "DATABASE_URL=postgresql://app@localhost:5432/app\n",
    "dev/api.Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\n",
    "dev/web.Dockerfile": "FROM node:20-slim\nWORKDIR /srv/web\n",
    "dev/scripts/api-start.sh": ("#!/bin/sh\nset -e\n"
                                 "until pg_isready -d \"$DATABASE_URL\"; do sleep 1; done\n"
                                 "exec python /srv/api/main.py\n"),
    "dev/scripts/web-start.sh": "#!/bin/sh\nset -e\ncd /srv/web\nnpm install\nexec npm run dev\n",
    "api/main.py": "import os\n\nimport psycopg\n\nconn = psycopg.connect(os.environ[\"DATABASE_URL\"])\n",
    "web/package.json": '{"name": "web", "scripts": {"dev": "next dev"}}\n',
    "web/app/page.js": "export default function Page() { return null }\n",
}


def services_of_finding(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, ...]]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return [tuple(sorted(f.services)) for f in result.active if f.span.path == ".env"]


def test_the_layout_files_and_other_services_start_scripts_are_not_its_code(tmp_path):
    assert services_of_finding(tmp_path, FILES) == [("api",)]


def test_its_own_start_script_naming_the_variable_is_evidence(tmp_path):
    files = dict(FILES)
    files["dev/scripts/web-start.sh"] = ("#!/bin/sh\nset -e\ncd /srv/web\n"
                                         "export PRISMA_URL=\"$DATABASE_URL\"\nexec npm run dev\n")
    assert services_of_finding(tmp_path, files) == [("api", "web")]


def test_a_script_it_runs_that_another_service_starts_too_is_evidence(tmp_path):
    files = dict(FILES)
    compose = COMPOSE.replace("/srv/dev/scripts/web-start.sh", "/srv/dev/scripts/api-start.sh")
    files["dev/compose.yaml"] = compose
    assert services_of_finding(tmp_path, files) == [("api", "web")]


def test_its_own_code_naming_the_variable_is_evidence(tmp_path):
    files = dict(FILES)
    files["web/prisma/schema.prisma"] = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
    assert services_of_finding(tmp_path, files) == [("api", "web")]
