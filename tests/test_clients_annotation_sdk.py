"""An annotation server's SDK client dials the URL it is given: a loopback URL in the
service's environment that the code hands to it is a finding (``rules/clients.yaml``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  backend:\n    build: .\n    command: python -m app\n"
           "    environment:\n      - ANNOTATE_AT=http://localhost:8080\n")
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


@pytest.mark.parametrize("call", [
    "label_studio_sdk.Client(os.environ['ANNOTATE_AT'], 'key')",
    "label_studio_sdk.Client(url=os.environ['ANNOTATE_AT'], api_key='key')",
    "LabelStudio(base_url=os.environ['ANNOTATE_AT'], api_key='key')",
])
def test_the_sdk_dials_its_url(tmp_path: Path, call: str):
    main = (f"import os\n\nimport label_studio_sdk\nfrom label_studio_sdk.client import LabelStudio\n\n"
            f"project = {call}\n")
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": main}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert [(f.span.path, f.code) for f in result.active] == [("compose.yaml", "DW101")]
