"""A container whose Python starts programs of its own environment by names it computes at
run time (a test harness starting the project's servers one by one:
``os.path.join(sys.prefix, "bin", f"shop{name}")``, ``[sys.executable, "-m", module]``) holds
those servers too: a loopback address at a port that no other service of its Compose project
serves may be theirs, and is no finding.  A program written out (``[sys.executable, "-m",
"pip", ...]``) starts no such server, and a port another service of the project serves keeps
the finding (the address means that service)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
TEST_STACK = """\
services:
  db:
    image: postgres:16
  suite:
    build: ..
    command: python -m harness.run
{more}"""
DEV_STACK = """\
services:
  app:
    build: ..
    command: python -m harness.run
    ports: ["8889:8889"]
"""
RUN = """\
import os
import subprocess
import sys

import requests


def start(name):
{start}


start("AdminServer")
requests.get("http://localhost:8889/status")
"""
BY_PREFIX = '    exe = os.path.join(sys.prefix, "bin", f"shop{name}")\n    return subprocess.Popen([exe])'
BY_MODULE = '    module = "shop." + name.lower()\n    return subprocess.Popen([sys.executable, "-m", module])'
WRITTEN_OUT = '    return subprocess.run([sys.executable, "-m", "pip", "install", name])'
# the module written out under a name of the module's own (`_RUNNER = "shop.isolated_runner"`)
NAMED_CONSTANT = '    return subprocess.run([sys.executable, "-m", RUNNER, name])'


def _findings(tmp_path: Path, start: str, more: str = "", dev: bool = False, runner_constant: bool = False):
    run = RUN.format(start=start)
    if runner_constant:
        run = run.replace("import requests\n", "import requests\n\nRUNNER = \"shop.isolated_runner\"\n", 1)
    files = {"docker/docker-compose.test.yml": TEST_STACK.format(more=more), "Dockerfile": DOCKERFILE,
             "harness/__init__.py": "", "harness/run.py": run}
    if dev:
        files["docker/docker-compose.dev.yml"] = DEV_STACK
    make(tmp_path, files, git=True)
    return [f for f in run_check([tmp_path], Config(cache=False)).active if f.span.path.endswith("run.py")]


def test_a_console_script_of_its_own_prefix_may_serve_the_loopback_port(tmp_path):
    assert _findings(tmp_path, BY_PREFIX) == []


def test_a_module_the_interpreter_is_given_at_run_time_may_serve_it(tmp_path):
    assert _findings(tmp_path, BY_MODULE) == []


def test_a_program_written_out_serves_nothing_there(tmp_path):
    [f] = _findings(tmp_path, WRITTEN_OUT)
    assert f.code == "DW101" and f.target_port == 8889


def test_a_program_written_out_under_a_constant_name_serves_nothing_there(tmp_path):
    [f] = _findings(tmp_path, NAMED_CONSTANT, runner_constant=True)
    assert f.code == "DW101" and f.target_port == 8889


def test_a_port_another_service_of_the_project_serves_keeps_the_finding(tmp_path):
    more = '  admin:\n    image: nginx\n    expose: ["8889"]\n'
    [f] = _findings(tmp_path, BY_PREFIX, more=more)
    assert f.code == "DW101" and f.suggestion is not None and f.suggestion.host == "admin"


def test_a_service_of_another_compose_project_on_that_port_is_out_of_reach(tmp_path):
    assert _findings(tmp_path, BY_PREFIX, dev=True) == []
