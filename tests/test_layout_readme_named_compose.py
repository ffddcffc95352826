"""A Compose file under a name ``docker compose`` does not look for (``local.yml``) that only
the root README runs (``docker-compose -f local.yml up``, in a code span or block): the
project's own instructions say it is the layout, as a Makefile's line would."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  web:\n    build: .\n    command: python app.py\n"
           "  redis:\n    image: redis:7\n")
FILES = {
    "local.yml": COMPOSE,
    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n",
    "app.py": 'import redis\nr = redis.Redis(host="localhost", port=6379)\n',
}


def flagged(tmp_path: Path, files: dict[str, str]):
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, tuple(sorted(f.services))) for f in result.active)


def test_a_compose_file_the_readme_runs_is_the_layout(tmp_path):
    readme = "# Shop\n\nStart it:\n\n```\ndocker-compose -f local.yml build\ndocker-compose -f local.yml up\n```\n"
    assert flagged(tmp_path, {**FILES, "README.md": readme}) == [("app.py", "DW101", ("web",))]


def test_a_code_span_of_the_readme_names_it_too(tmp_path):
    readme = "Run `docker compose -f local.yml up --build -d` and open the site.\n"
    assert flagged(tmp_path, {**FILES, "README.md": readme}) == [("app.py", "DW101", ("web",))]


def test_without_the_readme_the_file_is_no_layout(tmp_path):
    # nothing runs local.yml: only the Dockerfile's own container (`docker run`), no service
    assert flagged(tmp_path, dict(FILES)) == [("app.py", "DW101", ())]


def test_a_readme_in_a_subdirectory_names_nothing(tmp_path):
    readme = "docker-compose -f ../local.yml up\n"
    assert flagged(tmp_path, {**FILES, "docs/README.md": readme}) == [("app.py", "DW101", ())]
