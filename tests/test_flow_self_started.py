"""A server the container's own code starts as a child process (``subprocess.Popen([...,
"--port", "4000"])``) listens in that container: a loopback address of its port, dialled
there, is right (``flow/selfstart.py``, ``rules/flow.yaml`` process_starts/listen_options)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = "services:\n  web:\n    build: .\n    command: python -m app\n    ports: [\"8000:8000\"]\n"
DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
CLIENTS = ('import os\n\nimport openai\n\n'
           'proxy = openai.OpenAI(base_url=os.getenv("PROXY_URL", "http://0.0.0.0:4000"))\n'
           'other = openai.OpenAI(base_url=os.getenv("OTHER_URL", "http://localhost:4001"))\n')


def flagged(tmp_path: Path, start: str) -> list[tuple[str, int, str]]:
    main = f"import subprocess\n\nfrom app.llm import proxy\n\n\ndef main():\n    {start}\n    proxy.chat()\n\n\nmain()\n"
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": main, "app/llm.py": CLIENTS}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


@pytest.mark.parametrize("start", [
    'subprocess.Popen(["proxy", "--config", "proxy.yaml", "--port", "4000"])',
    'subprocess.run(("proxy", "--port=4000"), check=True)',
])
def test_the_port_of_a_server_the_code_starts_is_its_own(tmp_path, start):
    # 4000 is the started server's: silent; 4001 is no one's in that container: reported
    assert flagged(tmp_path, start) == [("app/llm.py", 6, "DW101")]


def test_a_command_built_at_run_time_says_nothing(tmp_path):
    start = 'subprocess.Popen(["proxy", "--port", os.environ["PROXY_PORT"]])'
    assert flagged(tmp_path, start) == [("app/llm.py", 5, "DW101"), ("app/llm.py", 6, "DW101")]


def test_a_server_started_on_another_port_is_not_that_address(tmp_path):
    # the started server listens on 4002: neither address reaches it
    start = 'subprocess.call(["proxy", "--port", "4002"])'
    assert flagged(tmp_path, start) == [("app/llm.py", 5, "DW101"), ("app/llm.py", 6, "DW101")]


def test_a_start_through_an_imported_alias_is_found(tmp_path):
    # the module is scanned for process starts once, and only when its text names both the
    # start's module and its function: an alias still names them in its import
    main = ("from subprocess import Popen as launch\n\nfrom app.llm import proxy\n\n\n"
            "def main():\n    launch([\"proxy\", \"--port\", \"4000\"])\n    proxy.chat()\n\n\nmain()\n")
    make(tmp_path, {"compose.yaml": COMPOSE, "Dockerfile": DOCKERFILE, "app/__init__.py": "",
                    "app/__main__.py": main, "app/llm.py": CLIENTS}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert sorted((f.span.path, f.span.line, f.code) for f in result.active) == [("app/llm.py", 6, "DW101")]
