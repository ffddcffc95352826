"""A service's Dockerfile built FROM the image a sibling service builds without naming it
(``base: {build: {dockerfile: docker/Dockerfile-base}}``): Compose tags that build
PROJECT-SERVICE (docker-compose v1: PROJECT_SERVICE), the project being named after the
directory of the clone, so ``FROM ledger_base`` in a clone of ``ledger`` starts from it.  The
child image keeps the parent's ENV (Docker's dependent images): a ``DATABASE_URL`` the base
image sets is the container's, and the loopback default of ``os.getenv("DATABASE_URL", ...)``
never runs.  A FROM naming another project's image, or a base that sets no such variable,
leaves the default judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = """\
import os

database_url = os.getenv("DATABASE_URL", "postgresql://root@localhost/ledger")
"""

APP = """\
from sqlalchemy import create_engine

from ledger import config

engine = create_engine(config.database_url)
"""

BASE_ENV = "ENV DATABASE_URL postgresql://ledger:pw@pg:5432/ledger\n"


def _findings(tmp_path: Path, parent: str, base_env: str = BASE_ENV, name: str = "") -> list[str]:
    compose = (
        (f"name: {name}\n" if name else "")
        + "services:\n"
        "  pg:\n    image: postgres:16\n"
        "  base:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile-base\n"
        "  web:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile-web\n"
        "    working_dir: /code\n    volumes:\n      - .:/code\n    depends_on: [base, pg]\n"
    )
    make(tmp_path, {
        "compose.yaml": compose,
        "docker/Dockerfile-base": "FROM python:3.9-slim\n" + base_env + "WORKDIR /code\nCOPY . /code/\n",
        "docker/Dockerfile-web": f"FROM {parent}\nCMD [\"python\", \"ledger/app.py\"]\n",
        "ledger/__init__.py": "",
        "ledger/config.py": CONFIG,
        "ledger/app.py": APP,
        ".git/config": '[remote "origin"]\n\turl = https://github.com/acme/ledger.git\n',
    }, git=True)
    return [f"{f.code} {f.span.path}" for f in run_check([tmp_path], Config(cache=False)).findings]


@pytest.mark.parametrize("parent", ["ledger_base", "ledger-base", "ledger_base:latest"])
def test_the_base_images_env_is_the_childs(tmp_path, parent):
    assert _findings(tmp_path, parent) == []


def test_a_project_name_set_in_the_compose_file_names_the_image(tmp_path):
    assert _findings(tmp_path, "books-base", name="books") == []


@pytest.mark.parametrize("parent, base_env, name", [
    ("ledger_base", "", ""),  # the base sets nothing
    ("otherapp_base", BASE_ENV, ""),  # another project's image
    ("ledger-web", BASE_ENV, ""),  # the service's own tag, not the base's
    ("ledger-base", BASE_ENV, "books"),  # the project is named otherwise
])
def test_otherwise_the_default_is_dialled(tmp_path, parent, base_env, name):
    assert _findings(tmp_path, parent, base_env, name) == ["DW101 ledger/config.py"]


OPS = """\
import redis

redis.Redis(host="localhost", port=6379).flushall()
"""


@pytest.mark.parametrize("parent, found", [
    ("ledger_base", []),  # the base only builds the image web starts FROM: a step of the build
    ("python:3.9-slim", ["DW101 ledger/ops.py"]),  # nothing builds FROM it: its container runs what it holds
])
def test_a_service_building_the_implied_base_image_runs_nothing(tmp_path, parent, found):
    (tmp_path / "ledger").mkdir()
    (tmp_path / "ledger" / "ops.py").write_text(OPS)
    assert [f for f in _findings(tmp_path, parent) if "ops.py" in f] == found
