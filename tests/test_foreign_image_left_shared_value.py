"""A ready-made image of another project (one dockwise does not know, holding no file of the
tree, running none of its Python) handed the stack's shared env file, where the service that
runs the project's own code sets the variable again in its own ``environment:`` (the shared
file's loopback value is for tools on the host): the project wrote the container's value where
its code reads it, and left the other program with the shared one; the name alone does not
show that program reads it (``flow/judge.py`` ``_left_shared_value``).  The shared value stays
judged where the project's own container reads it, where the image's own ``environment:``
sets it, and where no service of the project sets it again."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

LOOP = "postgresql://app@localhost:5432/app"
NET = "postgresql://app@db:5432/app"


def _files(api_env: str = f"    environment:\n      LEDGER_DSN: {NET}\n", conv_env: str = "") -> dict[str, str]:
    return {
        "compose.yaml": (
            "services:\n"
            f"  api:\n    build: .\n{api_env}"
            "  db:\n    image: postgres:16\n    env_file: .env\n"
            "  converter:\n    image: ghcr.io/acme-labs/converter:2\n    env_file: .env\n"
            f"{conv_env}"
        ),
        ".env": f"LEDGER_DSN={LOOP}\n",
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": 'import os\n\nimport psycopg\n\nconn = psycopg.connect(os.environ["LEDGER_DSN"])\n',
    }


def _found(tmp_path: Path, files: dict[str, str]):
    make(tmp_path, files, git=True)
    return sorted((f.span.path, f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active)


def test_an_image_left_with_the_shared_value_is_not_taken_to_read_it(tmp_path):
    assert _found(tmp_path, _files()) == []


def test_the_project_container_reading_the_shared_value_keeps_it(tmp_path):
    found = _found(tmp_path, _files(api_env="    env_file: .env\n"))
    assert found == [(".env", "DW101", ("api", "converter"))]


def test_a_value_the_image_is_given_itself_keeps_it(tmp_path):
    found = _found(tmp_path, _files(conv_env=f"    environment:\n      LEDGER_DSN: {LOOP}\n"))
    assert found == [("compose.yaml", "DW101", ("converter",))]


def test_an_override_by_a_service_running_none_of_the_project_counts_for_nothing(tmp_path):
    files = _files(api_env="    env_file: .env\n")
    files["compose.yaml"] += f"  admin:\n    image: ghcr.io/acme-labs/console:1\n    environment:\n      LEDGER_DSN: {NET}\n"
    found = _found(tmp_path, files)
    assert found == [(".env", "DW101", ("api", "converter"))]
