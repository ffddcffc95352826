"""The API clients of threat-intelligence and incident-response platforms send their requests
to the URL given first (rules/clients.yaml): ``PyMISP(url, key)``, pycti's
``OpenCTIApiClient(url, token)``, thehive4py's ``TheHiveApi(url, ...)``, cortex4py's
``Api(url, api_key)``.  An enrichment worker that reaches the platform's service at
``http://localhost:...`` reaches its own container (DW101, the platform's service as
suggestion); the service's name is silent."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  enricher:
    build: .
    command: python enrich.py
    environment:
      PLATFORM_URL: {url}
  platform:
    build: ./platform
    ports: ["8443:8443"]
"""


@pytest.mark.parametrize("imports, call", [
    ("from pymisp import PyMISP", "PyMISP(url, 'key', ssl=False)"),
    ("from pycti import OpenCTIApiClient", "OpenCTIApiClient(url, 'token')"),
    ("from thehive4py.api import TheHiveApi", "TheHiveApi(url, 'key')"),
    ("from cortex4py.api import Api", "Api(url=url, api_key='key')"),
])
@pytest.mark.parametrize("url, expected", [
    ("http://localhost:8443", [("DW101", "platform:8443")]),
    ("http://platform:8443", []),
])
def test_a_platform_client_dials_its_url(tmp_path: Path, imports, call, url, expected):
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(url=url),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY enrich.py /app/\n",
        "enrich.py": f"import os\n{imports}\n\nurl = os.environ['PLATFORM_URL']\nclient = {call}\n",
        "platform/Dockerfile": "FROM python:3.12-slim\nCMD [\"python\", \"-m\", \"http.server\", \"8443\"]\n",
    }, git=True)
    found = [(f.code, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
             for f in run_check([tmp_path], Config(cache=False)).active]
    assert found == expected
