"""Help texts are data (``rules/names.yaml`` data: ``HELP``, ``HELP_*``, ``*_HELP``), but a
name that merely starts with the same letters is not one: ``HELPER_URL`` is a helper service's
address, and a loopback value of it dialled in the container is a finding.  (The pattern was
``HELP*``, which hid it.)"""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = """\
import requests

HELPER_URL = "http://localhost:8002"
HELP_TEXT = "see http://localhost:8002"
requests.get(HELPER_URL)
print(HELP_TEXT)
"""


def test_a_helpers_address_is_judged_and_a_help_text_is_not(tmp_path):
    make(tmp_path, {"compose.yaml": "services:\n  web:\n    build: .\n    command: python app.py\n",
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n", "app.py": APP}, git=True)
    found = [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]
    assert found == [("DW101", 3)]
