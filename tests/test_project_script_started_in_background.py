"""A container whose Python starts a script of the project under an interpreter, in the
background (``subprocess.Popen([shutil.which("node"), "server.js"], cwd=...)``: a Node
sidecar the app launches beside itself), holds that server too: a loopback address at a port
no other service of its Compose project serves may be the sidecar's, and is no finding.  A
one-shot run of a script (``subprocess.run(["node", "build.js"])`` waits for it to end), a
program that is no interpreter given a script, and a port another service serves keep the
finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: python -m notify.app
{more}"""
APP = """\
import shutil
import subprocess
from pathlib import Path

import httpx

import notify.llm  # noqa: F401

SIDECAR_DIR = Path(__file__).resolve().parent.parent / "sidecar"
SIDECAR_URL = "http://localhost:3101"


def launch():
{start}


def healthy():
    return httpx.get(f"{{SIDECAR_URL}}/health").status_code == 200


launch()
healthy()
"""
BY_WHICH = '    node = shutil.which("node")\n    return subprocess.Popen([node, "server.js"], cwd=str(SIDECAR_DIR))'
WRITTEN = '    return subprocess.Popen(["node", "sidecar/server.js"])'
ONE_SHOT = '    return subprocess.run(["node", "build.js"], cwd=str(SIDECAR_DIR))'
NOT_AN_INTERPRETER = '    return subprocess.Popen(["tail", "server.js"], cwd=str(SIDECAR_DIR))'


LLM = """import httpx

httpx.post("http://localhost:11434/api/generate", json={})
"""


def _findings(tmp_path: Path, start: str, more: str = ""):
    make(tmp_path, {"compose.yaml": COMPOSE.format(more=more),
                    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
                    "notify/__init__.py": "", "notify/app.py": APP.format(start=start),
                    "notify/llm.py": LLM,
                    "sidecar/server.js": "require('http').createServer().listen(3101);\n"}, git=True)
    return sorted((f.span.path, f.code, f.target_port) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("start", [BY_WHICH, WRITTEN])
def test_a_script_it_starts_in_the_background_may_serve_the_loopback_port(tmp_path, start):
    assert _findings(tmp_path, start) == [("notify/llm.py", "DW101", 11434)]


@pytest.mark.parametrize("start", [ONE_SHOT, NOT_AN_INTERPRETER])
def test_recall_a_one_shot_run_or_another_program_serves_nothing(tmp_path, start):
    assert _findings(tmp_path, start) == [("notify/app.py", "DW101", 3101), ("notify/llm.py", "DW101", 11434)]
