"""A container that runs none of the project's Python and whose code is mounted from a path
the tree does not hold (a frontend kept in a repository of its own, a gitignored checkout)
shows no file that reads the stack's shared ``.env``: a strong-named address in it is evidence
for the services whose code reads it, not for that container, which is neither listed nor told
to add ``extra_hosts``.  A value its own ``environment:`` sets was written for it and keeps
the finding, and so does a project's own pushed image, which holds code of its own beside
what it mounts (``flow/judge.py`` ``_unnamed``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

URL = "postgresql://app@localhost:5432/app"


def _files(web_env: str = "    env_file: .env\n", image: str = "node:20-alpine") -> dict[str, str]:
    return {
        "compose.yaml": (
            "services:\n"
            "  api:\n    build: .\n    env_file: .env\n"
            f"  web:\n    image: {image}\n    working_dir: /ui\n"
            "    volumes:\n      - ./ui:/ui\n"
            '    command: sh -c "npm install && npm run dev"\n'
            f"{web_env}"
        ),
        ".env": f"LEDGER_DSN={URL}\n",
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": 'import os\n\nimport psycopg\n\nconn = psycopg.connect(os.environ["LEDGER_DSN"])\n',
    }


def _findings(tmp_path: Path, files: dict[str, str]):
    make(tmp_path, files, git=True)
    return run_check([tmp_path], Config(cache=False)).active


def test_a_container_whose_mounted_code_is_absent_reads_no_shared_setting(tmp_path):
    found = _findings(tmp_path, _files())
    assert [(f.span.path, f.code, tuple(sorted(f.services))) for f in found] == [(".env", "DW101", ("api",))]
    assert "`web`" not in found[0].message  # nor its extra_hosts


def test_its_own_environment_value_keeps_the_finding(tmp_path):
    files = _files(f"    environment:\n      LEDGER_DSN: {URL}\n")
    found = _findings(tmp_path, files)
    assert sorted((f.span.path, f.code, tuple(sorted(f.services))) for f in found) == [
        (".env", "DW101", ("api",)), ("compose.yaml", "DW101", ("web",))]


def test_mounted_code_that_names_the_variable_keeps_the_finding(tmp_path):
    files = _files()
    files["ui/server.js"] = "const dsn = process.env.LEDGER_DSN;\nrequire('pg').connect(dsn);\n"
    found = _findings(tmp_path, files)
    assert [(f.span.path, f.code, tuple(sorted(f.services))) for f in found] == [(".env", "DW101", ("api", "web"))]


def test_a_pushed_project_image_holds_code_of_its_own(tmp_path):
    found = _findings(tmp_path, _files(image="ghcr.io/acme/ledger-ui:3"))
    assert [(f.span.path, f.code, tuple(sorted(f.services))) for f in found] == [(".env", "DW101", ("api", "web"))]


def test_an_official_image_named_in_full_is_a_runtime_too(tmp_path):
    found = _findings(tmp_path, _files(image="docker.io/library/node:20"))
    assert [(f.span.path, f.code, tuple(sorted(f.services))) for f in found] == [(".env", "DW101", ("api",))]
