"""A service's environment that hands a program a flag which always makes it listen
(a browser's launch arguments, ``--remote-debugging-port=9333``, read by the image's own
init scripts) puts a server on that port in the container: the project's loopback address
of it is right there (``rules/commands.yaml`` listen_flags, ``layout/envlisten.py``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.envlisten import flag_ports
from dockwise.layout.model import EnvVar
from dockwise.model import Text

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /opt/snap\nCOPY . .\nCMD ["python", "-m", "snapper.api"]\n'
API = ('import os\n\nimport httpx\n\n'
       'DEVTOOLS = os.environ.get("DEVTOOLS_URL", "127.0.0.1:9333")\n\n'
       'def tabs():\n    return httpx.get(f"http://{DEVTOOLS}/json").json()\n\ntabs()\n')


def flagged(tmp_path: Path, browser_args: str) -> list[tuple[str, str, str]]:
    compose = ("services:\n  snapper:\n    build: .\n    environment:\n"
               f"      - VIEWER_FLAGS={browser_args}\n      - DEVTOOLS_URL=127.0.0.1:9333\n")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE,
                    "snapper/__init__.py": "", "snapper/api.py": API}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, f.service or "") for f in result.active)


@pytest.mark.parametrize("args", [
    "--no-first-run --remote-debugging-port=9333",
    "--remote-debugging-address=127.0.0.1 --remote-debugging-port 9333 --mute-audio",
])
def test_a_port_the_services_own_flags_open_is_served_in_the_container(tmp_path, args):
    assert flagged(tmp_path, args) == []


@pytest.mark.parametrize("args", [
    "--no-first-run --remote-debugging-port=9444",  # it listens elsewhere: 9333 is nobody's
    "--no-first-run --port=9333",  # a generic --port is as often a client's
    "--x-remote-debugging-port=9333",  # another flag that only ends alike
])
def test_without_that_flag_for_the_port_the_address_is_reported(tmp_path, args):
    assert flagged(tmp_path, args) == [("compose.yaml", "DW101", "snapper")]


def test_flag_ports_reads_both_spellings():
    env = (EnvVar("A", Text("--remote-debugging-port=9222 --remote-debugging-port 9223")),
           EnvVar("B", None), EnvVar("C", Text("--remote-debugging-port=99999")))
    assert flag_ports(env, ("--remote-debugging-port",)) == (9222, 9223)
    assert flag_ports(env, ()) == ()
