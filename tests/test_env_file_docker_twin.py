"""An ``env_file: .env`` that is not in the checkout is written by the operator from a
committed sample.  Where the project commits one written for its containers (``.env.docker``:
service names as hosts) beside a generic one (``.env.example``: the values for running on the
host, ``localhost`` and the published ports), the containers' file is the Docker one: the
host-side sample is no container's environment.  Alone, the generic sample stands for the file,
and a loopback address in the Docker sample is a finding there."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

HOST_SIDE = "DATABASE_URL=postgresql://app:pw@localhost:15432/app\n"
DOCKER_SIDE = "DATABASE_URL=postgresql://app:pw@db:5432/app\n"
MAIN = "import os\n\nfrom sqlalchemy import create_engine\n\ncreate_engine(os.environ['DATABASE_URL']).connect()\n"


def _paths(tmp_path: Path, samples: dict[str, str]) -> list[str]:
    compose = ("services:\n"
               "  api:\n    build: .\n    env_file: .env\n    command: python -m app\n"
               "  db:\n    image: postgres:16\n    ports:\n      - \"15432:5432\"\n")
    make(tmp_path, {"compose.yaml": compose,
                    "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
                    "app/__init__.py": "", "app/__main__.py": MAIN, **samples}, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW101")


def test_the_docker_sample_stands_for_the_containers_env_file(tmp_path):
    assert _paths(tmp_path, {".env.example": HOST_SIDE, ".env.docker": DOCKER_SIDE}) == []


def test_the_generic_sample_stands_for_it_alone(tmp_path):
    assert _paths(tmp_path, {".env.example": HOST_SIDE}) == [".env.example"]


def test_a_loopback_in_the_docker_sample_is_its_finding(tmp_path):
    assert _paths(tmp_path, {".env.example": DOCKER_SIDE, ".env.docker": HOST_SIDE}) == [".env.docker"]
