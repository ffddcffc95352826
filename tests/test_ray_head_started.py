"""A container whose start command runs `ray start --head` is a Ray head node: its Ray Client
server listens there (on --ray-client-server-port, by default 10001), so `ray://localhost:10001`
in that container's own environment or code reaches it (``rules/commands.yaml`` daemons, the
`ray` entry). `ray start` without `--head` joins a worker to a head elsewhere, which serves no
client port in the worker's container; and `ray` stays a program of its own (program_too):
what else the start command runs is judged as before."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
DRIVER = 'import os\n\nimport ray\n\nray.init(address=os.environ["RAY_ADDRESS"])\n'


def flagged(tmp_path: Path, start: str, address: str = "ray://localhost:10001") -> list[tuple[str, str]]:
    compose = ("services:\n  head:\n    build: .\n"
               f"    environment:\n      RAY_ADDRESS: {address}\n"
               '    command: ["/bin/bash", "start.sh"]\n')
    script = f"#!/bin/bash\nset -e\n{start}\npython driver.py\n"
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "start.sh": script,
                    "driver.py": DRIVER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("start", [
    "ray start --head --dashboard-host 0.0.0.0",
    "ray start --head --port=6380 --ray-client-server-port=10001",
    "ray start --port 6380 --ray-client-server-port 10001 --head",
])
def test_the_head_nodes_own_client_address(tmp_path, start):
    assert flagged(tmp_path, start) == []


@pytest.mark.parametrize("start", [
    "echo starting",
    "ray start --address=ray-head:6379",  # a worker: the client server is the head's
    "ray start --head --ray-client-server-port=10002",  # it listens elsewhere
    "ray stop",
])
def test_without_a_head_on_that_port_the_address_is_reported(tmp_path, start):
    assert flagged(tmp_path, start) == [("compose.yaml", "DW101")]


def test_the_driver_the_script_runs_is_still_judged(tmp_path):
    # the head listens on 10001 only: a database at loopback is not in this container
    driver = 'import psycopg2\n\nconn = psycopg2.connect(host="localhost", port=5432)\n'
    compose = ('services:\n  head:\n    build: .\n    command: ["/bin/bash", "start.sh"]\n'
               "  db:\n    image: postgres:16\n")
    script = "#!/bin/bash\nset -e\nray start --head\npython driver.py\n"
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "start.sh": script,
                    "driver.py": driver}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert sorted((f.span.path, f.code) for f in result.active) == [("driver.py", "DW101")]


def test_another_service_is_told_the_head(tmp_path):
    # a driver in another container dials loopback: the head is the service that serves 10001
    compose = ("services:\n  head:\n    build: .\n"
               '    command: ["/bin/bash", "start.sh"]\n'
               "  api:\n    build: .\n"
               "    environment:\n      RAY_ADDRESS: ray://localhost:10001\n"
               '    command: ["python", "driver.py"]\n')
    script = "#!/bin/bash\nset -e\nray start --head --block\n"
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "start.sh": script,
                    "driver.py": DRIVER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    (finding,) = result.active
    assert (finding.service, finding.code) == ("api", "DW101")
    assert (finding.suggestion.host, finding.suggestion.port) == ("head", 10001)
