"""An image whose program the Compose command replaces with an idle one dials nothing.

A Kafka Connect image reads ``CONNECT_BOOTSTRAP_SERVERS`` as the broker it connects to
(``rules/images.yaml`` dials; an image not listed there is judged by the variable's name).  A service of that image whose ``command:`` is ``tail -f
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
    image: {image}
{command}
    environment:
      CONNECT_BOOTSTRAP_SERVERS: localhost:8882
"""


def _codes(tmp_path: Path, command: str, image: str = "confluentinc/cp-kafka-connect:7.6.0") -> list[str]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(command=command, image=image)}, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).findings]


@pytest.mark.parametrize("command", ["    command: tail -f /dev/null", '    command: ["sleep", "infinity"]'])
def test_an_idle_command_starts_no_program_of_the_image(tmp_path, command):
    assert _codes(tmp_path, command) == []


@pytest.mark.parametrize("command", ["", '    command: bash -c "sleep 5 && /etc/confluent/docker/run"'])
def test_the_image_program_started_keeps_the_finding(tmp_path, command):
    assert _codes(tmp_path, command) == ["DW101"]


@pytest.mark.parametrize("command", ["    command: tail -f /dev/null", ""])
def test_an_image_judged_by_the_name_alone_idles_too(tmp_path, command):
    codes = _codes(tmp_path, command, image="example/replicator:5.5.1")
    assert codes == ([] if command else ["DW101"])
