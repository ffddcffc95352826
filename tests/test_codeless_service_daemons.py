"""A container that holds no project code (an image-only service) still listens where the
servers its own start command launches listen: ``redis-server --daemonize yes && ...`` or
``ray start --head`` in its ``command`` makes its loopback address of that port right, as for
a container running project code (``rules/commands.yaml`` daemons).  A daemon on another port,
or none started, leaves the loopback address reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  worker:
    image: example/worker:1.4
    command: {command}
    environment:
      {var}: {value}
"""


def _found(tmp_path: Path, command: str, var: str, value: str):
    make(tmp_path, {"compose.yaml": COMPOSE.format(command=command, var=var, value=value)}, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("command, var, value", [
    ('sh -c "redis-server --daemonize yes && exec worker-run"', "REDIS_URL", "redis://localhost:6379/0"),
    ("ray start --head --block", "RAY_ADDRESS", "ray://localhost:10001"),
])
def test_a_daemon_its_command_starts_listens_there(tmp_path, command, var, value):
    assert _found(tmp_path, command, var, value) == []


@pytest.mark.parametrize("command, var, value", [
    ('sh -c "redis-server --port 6380 --daemonize yes && exec worker-run"', "REDIS_URL", "redis://localhost:6379/0"),
    ("worker-run --verbose", "REDIS_URL", "redis://localhost:6379/0"),
    ("ray start --address=head:6379 --block", "RAY_ADDRESS", "ray://localhost:10001"),
])
def test_no_daemon_on_that_port(tmp_path, command, var, value):
    assert _found(tmp_path, command, var, value) == [("DW101", 6)]
