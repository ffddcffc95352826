"""A SPARQL client dials the triple store's endpoint URL: SPARQLWrapper queries its first
parameter ``endpoint`` (updates go to ``updateEndpoint``), rdflib's ``SPARQLStore`` and
``SPARQLUpdateStore`` send queries to ``query_endpoint`` and updates to ``update_endpoint``.
A loopback endpoint in a container that is not the store's is wrong; the store's service
name is right, and so is a variable's default that the service replaces."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _compose(env: str = "") -> str:
    return ("services:\n  site:\n    build: .\n    command: python app/main.py\n" + env
            + "  graphstore:\n    image: stain/jena-fuseki:5.1.0\n    ports:\n      - \"3030:3030\"\n")


def _findings(tmp_path: Path, body: str, env: str = "") -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": _compose(env),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/main.py": ("import os\n\nfrom SPARQLWrapper import SPARQLWrapper\n"
                        "from rdflib.plugins.stores import sparqlstore\n\n" + body + "\n"),
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("body", [
    'endpoint = SPARQLWrapper("http://localhost:3030/kb/query")',
    'endpoint = SPARQLWrapper(endpoint="http://127.0.0.1:3030/kb/query")',
    'endpoint = SPARQLWrapper("http://graphstore:3030/kb/query",\n'
    '                         updateEndpoint="http://localhost:3030/kb/update")',
    'store = sparqlstore.SPARQLStore("http://localhost:3030/kb/query")',
    'store = sparqlstore.SPARQLUpdateStore(query_endpoint="http://localhost:3030/kb/query")',
    'store = sparqlstore.SPARQLUpdateStore(update_endpoint="http://localhost:3030/kb/update")',
    'endpoint = SPARQLWrapper(os.getenv("KB_QUERY", "http://localhost:3030/kb/query"))',
])
def test_a_loopback_endpoint_is_dialled(tmp_path, body):
    assert _findings(tmp_path, body) == [("DW101", "graphstore")]


@pytest.mark.parametrize("body", [
    'endpoint = SPARQLWrapper("http://graphstore:3030/kb/query")',
    'store = sparqlstore.SPARQLUpdateStore("http://graphstore:3030/kb/query",'
    ' "http://graphstore:3030/kb/update")',
])
def test_the_store_by_its_service_name_is_right(tmp_path, body):
    assert _findings(tmp_path, body) == []


def test_the_default_of_a_variable_the_service_sets_does_not_run(tmp_path):
    env = "    environment:\n      KB_QUERY: http://graphstore:3030/kb/query\n"
    body = 'endpoint = SPARQLWrapper(os.getenv("KB_QUERY", "http://localhost:3030/kb/query"))'
    assert _findings(tmp_path, body, env) == []
