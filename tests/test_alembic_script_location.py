"""`alembic -c db/alembic.ini upgrade head` runs the env.py of the ini's `script_location`, which
alembic opens as written: a container path (`/srv/app/db`), a path relative to the working
directory (`db` where the command runs in /srv/app), or `%(here)s/...`, the ini file's own
directory.  Before, the location was always joined to the ini's directory: a container path or
a path relative to the working directory named no file, and a migration service ran "no Python
of the project" (its env.py was never judged); `%(here)s` was joined twice."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ENV_PY = ('from sqlalchemy import create_engine\n\n'
          'engine = create_engine("postgresql://app:pw@localhost:5432/app")\n'
          'with engine.connect() as conn:\n    pass\n')


def _findings(tmp_path: Path, location: str, env_dir: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  migrate:\n    build: .\n"
                         "    command: alembic -c db/alembic.ini upgrade head\n"
                         "  pg:\n    image: postgis/postgis:16-3.4\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv/app\nCOPY . .\n",
        "db/alembic.ini": f"[alembic]\nscript_location = {location}\n",
        f"{env_dir}/env.py": ENV_PY,
        "app/__init__.py": "",
    }, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("location, env_dir", [
    ("/srv/app/db", "db"),  # a container path
    ("db", "db"),  # relative to the working directory, not to db/
    ("migrations", "migrations"),
    ("%(here)s", "db"),  # the ini's own directory
    ("%(here)s/versions_env", "db/versions_env"),
])
def test_the_env_py_alembic_opens_runs(tmp_path: Path, location: str, env_dir: str) -> None:
    assert _findings(tmp_path, location, env_dir) == [(f"{env_dir}/env.py", 3, "DW101")]


def test_a_location_the_image_does_not_hold_runs_nothing(tmp_path: Path) -> None:
    assert _findings(tmp_path, "/opt/elsewhere/db", "db") == []
