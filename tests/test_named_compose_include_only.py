"""A Compose file a Makefile names whose services all come through ``include:`` (no
``services:`` key of its own), merged with an override: ``docker compose -f stack/main.yml
-f stack/dev.yml up``.  The included files give the service its environment; the override
only swaps the image for a build.  Before, the include-only file was taken for no Compose
file and dropped from the ``-f`` list, so the override was loaded alone: the service lost
the variable its include sets, and the code's localhost default was reported."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout
from tests.conftest import make

MAIN = "include:\n  - ../parts/api.yml\n  - ../parts/db.yml\n"
API = ("services:\n  api:\n    image: example/api:1\n    environment:\n"
       "      API_DB_URL: postgresql://app:app@store:5432/app\n")
DB = "services:\n  store:\n    image: postgres:16\n"
DEV = "services:\n  api:\n    build:\n      context: ../../app\n"
MAKEFILE = "DC := docker compose -f deploy/stack/main.yml\n\ndev:\n\t$(DC) -f deploy/stack/dev.yml up --build\n"
SETTINGS = ("import os\nimport psycopg\n\n"
            "conn = psycopg.connect(os.environ.get('API_DB_URL', 'postgresql://app:app@localhost:5432/app'))\n")
DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /srv\nWORKDIR /srv\nCMD ["python", "main.py"]\n'


def _tree(tmp_path):
    make(tmp_path, {"Makefile": MAKEFILE, "deploy/stack/main.yml": MAIN, "deploy/stack/dev.yml": DEV,
                    "deploy/parts/api.yml": API, "deploy/parts/db.yml": DB,
                    "app/Dockerfile": DOCKERFILE, "app/main.py": SETTINGS}, git=True)


def test_an_include_only_file_named_first_is_merged_with_the_override(tmp_path):
    _tree(tmp_path)
    layout = load_layout(tmp_path, default_knowledge())
    projects = {p.files: p for p in layout.projects}
    assert ("deploy/stack/main.yml", "deploy/stack/dev.yml") in projects
    assert ("deploy/stack/dev.yml",) not in projects
    merged = projects[("deploy/stack/main.yml", "deploy/stack/dev.yml")]
    api = next(s for s in merged.services if s.name == "api")
    assert "API_DB_URL" in {v.name for v in api.environment}


def test_the_code_default_is_no_finding_where_the_include_sets_the_variable(tmp_path):
    _tree(tmp_path)
    assert [f.code for f in run_check([tmp_path], Config(cache=False)).active] == []
