"""A Compose service may pick its Dockerfile by a variable, ``dockerfile: ops/images/api/${FLAVOUR}``,
that a wrapper script sets (one file per CPU architecture).  Where the variable is unset here the
path names the directory: the Dockerfiles in it are the service's build, picked at run time, and
none of them is a container of its own (``docker run``) judged on every file beside it.  A
Dockerfile elsewhere that no service builds still is one."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build:
      context: ../..
      dockerfile: ops/compose/images/api/${FLAVOUR}
    volumes:
      - ../..:/srv/app
    ports:
      - "8000:8000"
  store:
    image: postgres:16
"""
IMAGE = """\
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y python3 python3-pip
WORKDIR /srv/app
"""
PROBE = """\
import sys

import requests

if requests.get("http://localhost:8000").status_code != 200:
    sys.exit(1)
"""
SIDECAR_IMAGE = """\
FROM python:3.12-slim
COPY relay.py /relay.py
CMD ["python", "/relay.py"]
"""
SIDECAR = """\
import redis

redis.Redis(host="localhost", port=6379).ping()
"""


def _findings(tmp_path: Path) -> list[tuple[str, str]]:
    make(tmp_path, {
        "ops/compose/compose.yaml": COMPOSE,
        "ops/compose/images/api/Dockerfile": IMAGE,
        "ops/compose/images/api/Dockerfile.arm64": IMAGE,
        "ops/compose/images/api/probe.py": PROBE,
        "extras/relay/Dockerfile": SIDECAR_IMAGE,
        "extras/relay/relay.py": SIDECAR,
    }, git=True)
    return sorted((f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active)


def test_dockerfiles_a_service_picks_by_variable_are_no_containers_of_their_own(tmp_path):
    found = _findings(tmp_path)
    assert ("DW101", "ops/compose/images/api/probe.py") not in found


def test_a_dockerfile_no_service_builds_is_still_judged(tmp_path):
    assert ("DW101", "extras/relay/relay.py") in _findings(tmp_path)


def test_a_dockerfile_name_of_an_unset_variable_is_unknown_not_an_error(tmp_path):
    _findings(tmp_path)
    assert [e.message for e in run_check([tmp_path], Config(cache=False)).errors] == []


def test_a_literal_dockerfile_naming_a_directory_is_still_an_error(tmp_path):
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build:\n      context: .\n      dockerfile: images\n",
        "images/Dockerfile": IMAGE,
    }, git=True)
    assert any("not a regular file" in e.message for e in run_check([tmp_path], Config(cache=False)).errors)
