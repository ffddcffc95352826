"""A cryptocurrency wallet's or node's JSON-RPC daemon that the container's own start script
runs beside the app (`monero-wallet-rpc --rpc-bind-port 18090 ... &`, then the gateway's
Python) listens in that container: the app's loopback address of that port is its own
server, not the Docker host's (``rules/commands.yaml`` daemons).  A daemon told another port,
or none started, leaves the address reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["/srv/boot.sh"]\n'
POLLER = ('import requests\n\n\ndef balance():\n'
          '    return requests.post("http://127.0.0.1:18090/json_rpc", json={"method": "get_balance"})\n\n\n'
          'if __name__ == "__main__":\n    balance()\n')
NODE = 'import requests\n\nrequests.get("http://localhost:18081/get_info")\n'


def flagged(tmp_path: Path, boot_first: str, poller: str = POLLER) -> list[tuple[str, str]]:
    boot = f"#!/bin/bash\nset -e\n{boot_first}\npython3 poller.py\n"
    make(tmp_path, {"Dockerfile": DOCKERFILE, "boot.sh": boot, "poller.py": poller}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("first", [
    "monero-wallet-rpc --wallet-file ./w/view --rpc-bind-port=18090 --disable-rpc-login > /dev/null 2>&1 &",
    "/usr/bin/monero-wallet-rpc --rpc-bind-port 18090 --wallet-dir /data &",
])
def test_a_wallet_rpc_daemon_the_script_starts_is_the_containers_own(tmp_path, first):
    assert flagged(tmp_path, first) == []


@pytest.mark.parametrize("first", [
    "echo starting",
    "monero-wallet-rpc --rpc-bind-port 18095 --wallet-dir /data &",  # it listens elsewhere
])
def test_without_that_daemon_on_the_port_the_address_is_reported(tmp_path, first):
    assert flagged(tmp_path, first) == [("poller.py", "DW101")]


def test_a_node_daemon_listens_on_its_default_rpc_port(tmp_path):
    assert flagged(tmp_path, "monerod --detach --data-dir /data", NODE) == []
    assert flagged(tmp_path, "echo no node here", NODE) == [("poller.py", "DW101")]
