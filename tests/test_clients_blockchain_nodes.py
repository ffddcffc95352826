"""Blockchain node clients dial the node's RPC URL (rules/clients.yaml): web3.py's providers,
substrate-interface's SubstrateInterface and python-bitcoinrpc's AuthServiceProxy."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = ("services:\n  indexer:\n    build: .\n    command: python indexer.py\n"
           "  node:\n    image: example/chain-node:1\n    expose:\n      - \"8545\"\n      - \"9944\"\n      - \"8332\"\n")


def findings(tmp_path: Path, code: str) -> list[tuple[str, int, str, str | None]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\n",
        "indexer.py": code,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code, f.suggestion.host if f.suggestion else None)
                  for f in result.active)


@pytest.mark.parametrize("code", [
    'from web3 import Web3\nw3 = Web3(Web3.HTTPProvider("http://localhost:8545"))\nprint(w3.eth.block_number)\n',
    'from web3 import Web3, HTTPProvider\nw3 = Web3(HTTPProvider(endpoint_uri="http://127.0.0.1:8545"))\n',
    'import web3 as w\nw3 = w.AsyncWeb3(w.AsyncWeb3.AsyncHTTPProvider("http://localhost:8545"))\n',
    'from web3.providers.rpc import HTTPProvider\np = HTTPProvider("http://localhost:8545")\n',
])
def test_web3_provider_dials_the_node(tmp_path, code):
    assert findings(tmp_path, code) == [("indexer.py", 2, "DW101", "node")]


def test_substrate_interface_dials_the_node(tmp_path):
    code = 'from substrateinterface import SubstrateInterface\ns = SubstrateInterface(url="ws://localhost:9944")\n'
    assert findings(tmp_path, code) == [("indexer.py", 2, "DW101", "node")]


def test_bitcoin_rpc_proxy_dials_the_node(tmp_path):
    code = ('from bitcoinrpc.authproxy import AuthServiceProxy\n'
            'rpc = AuthServiceProxy("http://user:pw@127.0.0.1:8332")\n')
    assert findings(tmp_path, code) == [("indexer.py", 2, "DW101", "node")]


def test_a_provider_at_the_node_service_is_fine(tmp_path):
    code = 'from web3 import Web3\nw3 = Web3(Web3.HTTPProvider("http://node:8545"))\n'
    assert findings(tmp_path, code) == []
