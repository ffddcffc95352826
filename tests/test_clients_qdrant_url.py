"""Qdrant's client takes its server's URL in ``url`` or in ``location``, its first parameter
(``QdrantClient(location=None, url=None, port=6333, ..., host=None)``; a string location is
used as the URL, ``":memory:"`` runs in-process).  A loopback URL there is dialled, also as
the default of a variable whose name says nothing (``VECTORS_URL``) that the service leaves
unset."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _compose(env: str = "") -> str:
    return ("services:\n  api:\n    build: .\n    command: python app/main.py\n" + env
            + "  vectors:\n    image: qdrant/qdrant:v1.12.0\n")


def _findings(tmp_path: Path, call: str, env: str = "") -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": _compose(env),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/main.py": f"import os\n\nfrom qdrant_client import QdrantClient\n\nclient = {call}\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("call", [
    'QdrantClient(url=os.getenv("VECTORS_URL", "http://localhost:6333"))',
    'QdrantClient(os.getenv("VECTORS_URL", "http://localhost:6333"))',
    'QdrantClient(location="http://127.0.0.1:6333")',
])
def test_a_loopback_url_is_dialled(tmp_path, call):
    assert _findings(tmp_path, call) == [("DW101", "vectors")]


def test_the_default_of_a_variable_the_service_sets_does_not_run(tmp_path):
    env = "    environment:\n      VECTORS_URL: http://vectors:6333\n"
    assert _findings(tmp_path, 'QdrantClient(url=os.getenv("VECTORS_URL", "http://localhost:6333"))', env) == []


def test_an_in_process_store_dials_nothing(tmp_path):
    assert _findings(tmp_path, 'QdrantClient(":memory:")') == []
