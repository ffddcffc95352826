"""An agent image whose start script runs OpenClaw's gateway in the background (`openclaw
gateway run --port 18789 &`, an npm CLI) before its own Python API: the API's loopback address
of the gateway's port reaches a server of its own container (``rules/commands.yaml`` daemons:
`openclaw gateway`, its port --port, else 18789).  The gateway's control subcommands
(`openclaw gateway status`) start no server, and a gateway told another port listens there."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["/srv/boot.sh"]\n'
API = ('import httpx\n\n\ndef sessions():\n'
       '    return httpx.get("http://127.0.0.1:18789/v1/sessions").json()\n\n\n'
       'if __name__ == "__main__":\n    sessions()\n')


def flagged(tmp_path: Path, first: str) -> list[tuple[str, str]]:
    boot = f"#!/bin/sh\nset -eu\n{first}\npython3 api.py\n"
    make(tmp_path, {"Dockerfile": DOCKERFILE, "boot.sh": boot, "api.py": API}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("first", [
    "openclaw gateway run --allow-unconfigured --port 18789 --force &",
    "openclaw gateway --allow-unconfigured &",
])
def test_the_gateway_the_script_starts_is_the_containers_own(tmp_path, first):
    assert flagged(tmp_path, first) == []


@pytest.mark.parametrize("first", [
    "echo starting",
    "openclaw gateway status",
    "openclaw gateway run --port 19001 &",
])
def test_without_the_gateway_on_that_port_the_address_is_reported(tmp_path, first):
    assert flagged(tmp_path, first) == [("api.py", "DW101")]
