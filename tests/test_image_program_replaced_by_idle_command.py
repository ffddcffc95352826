"""An image whose program the Compose command replaces with an idle one dials nothing.

A Kafka Connect image reads ``CONNECT_BOOTSTRAP_SERVERS`` as the broker it connects to
(``rules/images.yaml`` dials).  A service of that image whose ``command:`` is ``tail -f
/dev/null`` or ``sleep infinity`` keeps a container up for ``docker compose exec``: the
image's program does not start, and nothing reads the variable.  The same service without the
command, or with a command that goes on to start the program, keeps the finding.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  connect:
    image: confluentinc/cp-kafka-connect:7.6.0
{command}
    environment:
      CONNECT_BOOTSTRAP_SERVERS: localhost:8882
"""


def _codes(tmp_path: Path, command: str) -> list[str]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(command=command)}, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).findings]


@pytest.mark.parametrize("command", ["    command: tail -f /dev/null", '    command: ["sleep", "infinity"]'])
def test_an_idle_command_starts_no_program_of_the_image(tmp_path, command):
    assert _codes(tmp_path, command) == []


@pytest.mark.parametrize("command", ["", '    command: bash -c "sleep 5 && /etc/confluent/docker/run"'])
def test_the_image_program_started_keeps_the_finding(tmp_path, command):
    assert _codes(tmp_path, command) == ["DW101"]
