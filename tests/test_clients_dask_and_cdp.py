"""Dask's distributed `Client(address)` and Playwright's `connect_over_cdp(endpoint_url)` dial
a scheduler and a browser's DevTools endpoint: a loopback address there, in a container beside
that service, is a finding with the service as the suggestion; the service's name is not, and
Dask's `Client()` with no address (a local cluster) is no target."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CASES = [
    ('from dask.distributed import Client\n\nclient = Client("tcp://{h}:8786")\n', "sched", 8786),
    ('from distributed import Client\n\nclient = Client(address="{h}:8786")\n', "sched", 8786),
    ('from playwright.sync_api import sync_playwright\n\n\ndef grab():\n    with sync_playwright() as p:\n'
     '        browser = p.chromium.connect_over_cdp("http://{h}:9222")\n        return browser.contexts\n\n\n'
     'grab()\n', "chrome", 9222),
]


def _findings(tmp_path: Path, code: str) -> list[tuple[str, str | None, int | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  job:\n    build: .\n    command: python -m jobs.run\n"
                        "  sched:\n    image: ghcr.io/dask/dask:latest\n    command: dask scheduler\n"
                        "    expose: [\"8786\"]\n"
                        "  chrome:\n    image: zenika/alpine-chrome:latest\n    expose: [\"9222\"]\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "jobs/__init__.py": "",
        "jobs/run.py": code,
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None, f.suggestion.port if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("code, service, port", CASES)
def test_a_loopback_address_is_a_finding(tmp_path: Path, code: str, service: str, port: int) -> None:
    assert _findings(tmp_path, code.format(h="localhost")) == [("DW101", service, port)]


@pytest.mark.parametrize("code, service, port", CASES)
def test_the_service_name_is_not(tmp_path: Path, code: str, service: str, port: int) -> None:
    assert _findings(tmp_path, code.format(h=service)) == []


def test_a_client_with_no_address_starts_a_local_cluster(tmp_path: Path) -> None:
    code = 'from dask.distributed import Client\n\nHOST = "localhost"\nclient = Client()\n'
    assert _findings(tmp_path, code) == []


def test_a_browser_the_code_launches_itself_is_its_own(tmp_path: Path) -> None:
    # the container's own Chromium, started with --remote-debugging-port, serves the DevTools
    # endpoint the client then dials on its loopback
    code = ('import subprocess\n\nfrom playwright.sync_api import sync_playwright\n\nCHROME = "/usr/bin/chromium"\n\n\n'
            'def grab():\n    subprocess.Popen([CHROME, "--remote-debugging-port=9222", "--headless=new"])\n'
            '    with sync_playwright() as p:\n        return p.chromium.connect_over_cdp("http://localhost:9222").contexts\n\n\n'
            'grab()\n')
    assert _findings(tmp_path, code) == []
