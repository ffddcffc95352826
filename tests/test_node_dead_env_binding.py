"""A Node container that copies a port variable into a constant it never uses again (or only
prints it on a console line) does not read it: the host variable beside it is dialled at the
URL's own port, so a host-published port written in that variable is no DW103.  Where the
constant is used in the address, the variable is read and the finding stays."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  shop:
    build: ./shop
    environment:
      - CATALOG_HOST=catalog
      - CATALOG_PORT=9191
  catalog:
    build: ./catalog
    ports:
      - "9191:80"
"""
HEAD = "const express = require('express');\nconst app = express();\n"
DEAD = HEAD + """\
const catalogHost = process.env.CATALOG_HOST
const catalogPort = process.env.CATALOG_PORT

app.get('/items', async (req, res) => {
    const r = await fetch(`http://${catalogHost}/items`)
    res.send(await r.json())
})
"""
LOGGED = DEAD + "console.log('catalog at', process.env.CATALOG_HOST, process.env.CATALOG_PORT)\n"
USED = HEAD + """\
const catalogHost = process.env.CATALOG_HOST
const catalogPort = process.env.CATALOG_PORT

app.get('/items', async (req, res) => {
    const r = await fetch(`http://${catalogHost}:${catalogPort}/items`)
    res.send(await r.json())
})
"""
EXPORTED = DEAD + "module.exports = { catalogPort }\n"


def _codes(tmp_path: Path, script: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "shop/Dockerfile": "FROM node:20-alpine\nWORKDIR /srv\nCOPY . .\nCMD [\"node\", \"server.js\"]\n",
        "shop/server.js": script,
        "catalog/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"main.py\"]\n",
        "catalog/main.py": "",
    }, git=True)
    return [(f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("script", [DEAD, LOGGED])
def test_a_port_bound_to_an_unused_constant_is_not_dialled(tmp_path, script):
    assert _codes(tmp_path, script) == []


@pytest.mark.parametrize("script", [USED, EXPORTED])
def test_a_port_constant_the_script_uses_keeps_its_finding(tmp_path, script):
    assert [c for _, _, c in _codes(tmp_path, script)] == ["DW103"]
