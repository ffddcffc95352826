"""The Dagster webserver reads its host and port from ``DAGSTER_WEBSERVER_HOST`` /
``DAGSTER_WEBSERVER_PORT`` (its click options' environment prefix), also when ``dagster dev``
starts it without a host option: an image setting ``DAGSTER_WEBSERVER_HOST=0.0.0.0`` serves
every interface.  Without the variable it binds loopback, and a published port never reaches it."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  pipelines:
    build: .
    ports: ["3000:3000"]
    command: {command}
"""


def _dw201(tmp_path: Path, command: str, env_line: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(command=command),
        "Dockerfile": f"FROM python:3.12-slim\nRUN pip install dagster-webserver\n{env_line}WORKDIR /opt/flows\n",
    }, git=True)
    return [(f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active if f.code == "DW201"]


@pytest.mark.parametrize("command", ['["dagster", "dev"]', "dagster-webserver -w workspace.yaml"])
def test_the_image_setting_the_webserver_host_variable_is_silent(tmp_path, command):
    assert _dw201(tmp_path, command, "ENV DAGSTER_WEBSERVER_HOST=0.0.0.0\n") == []


@pytest.mark.parametrize("command", ['["dagster", "dev"]', "dagster-webserver -w workspace.yaml"])
def test_without_the_variable_the_loopback_default_is_still_reported(tmp_path, command):
    assert _dw201(tmp_path, command, "") == [("compose.yaml", 5)]


def test_the_variable_set_to_loopback_is_still_reported(tmp_path):
    # reported where the variable gives the loopback host
    assert _dw201(tmp_path, '["dagster", "dev"]', "ENV DAGSTER_WEBSERVER_HOST=127.0.0.1\n") == [("Dockerfile", 3)]
