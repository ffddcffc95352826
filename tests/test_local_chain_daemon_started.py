"""A local Ethereum development chain (anvil, ganache) that the container's own start script
runs beside the Python that drives it serves that container's loopback: a web3 provider at
127.0.0.1 of its port is its own node (``rules/commands.yaml`` daemons)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["/srv/run-e2e.sh"]\n'
DRIVER = ('from web3 import Web3\n\n'
          'w3 = Web3(Web3.HTTPProvider("http://127.0.0.1:8545"))\nprint(w3.eth.chain_id)\n')


def flagged(tmp_path: Path, first: str) -> list[tuple[str, str]]:
    script = f"#!/bin/bash\nset -e\n{first}\nsleep 2\npython3 driver.py\n"
    make(tmp_path, {"Dockerfile": DOCKERFILE, "run-e2e.sh": script, "driver.py": DRIVER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("first", [
    "anvil --chain-id 31337 > /tmp/anvil.log 2>&1 &",
    "anvil -p 8545 &",
    "ganache-cli --deterministic &",
    "ganache --server.port 8545 &",
])
def test_a_dev_chain_the_script_starts_is_the_containers_own_node(tmp_path, first):
    assert flagged(tmp_path, first) == []


@pytest.mark.parametrize("first", ["echo no chain here", "anvil --port 9545 &"])
def test_without_a_chain_on_that_port_the_provider_is_reported(tmp_path, first):
    assert flagged(tmp_path, first) == [("driver.py", "DW101")]
