"""A one-shot container of a plain tool image (a curl image running an ``sh -c`` script that
waits for a search node, then posts to it) given the stack's shared env_file dials what its
script writes, not the variables of that file: curl and wget read no address from their
environment (``rules/frameworks.yaml`` fetch_tools).  Where its script names the variable,
or its own ``environment:`` sets it, or it runs a program dockwise does not know, it stays
judged."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

SCRIPT = ('sh -c "\n  until curl -s http://search:9200/_cluster/health; do\n    echo waiting\n    sleep 5\n  done\n'
          '  curl -s -X POST http://search:9200/_snapshot/restore\n"\n')


def services(tmp_path: Path, command: str = SCRIPT, own_env: str = "") -> list[tuple]:
    compose = ("services:\n"
               "  app:\n    build: .\n    command: python main.py\n    env_file: [shared.env]\n"
               "    networks: [back]\n"
               "  search:\n    image: opensearchproject/opensearch:2\n    networks: [back]\n"
               "  restore:\n    image: curlimages/curl:8.8.0\n    env_file: [shared.env]\n" + own_env
               + "    networks: [front]\n    command: |\n      " + command.replace("\n", "\n      ").rstrip() + "\n"
               "networks:\n  front: {}\n  back: {}\n")
    files = {"compose.yaml": compose, "shared.env": "STORE_URL=http://search:9200\nRATES_URL=http://localhost:8000\n",
             "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
             "main.py": ("import os\n\nimport requests\n\nrequests.get(os.environ['STORE_URL'])\n"
                         "requests.get(os.environ['RATES_URL'])\n")}
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.line, f.code, *f.services) for f in result.active if f.span.path == "shared.env")


def test_a_tool_container_does_not_read_the_shared_settings(tmp_path):
    # (the app's own loopback value stays reported beside it)
    assert services(tmp_path) == [(2, "DW101", "app")]


def test_its_script_naming_the_variable_reads_it(tmp_path):
    named = SCRIPT.replace("http://search:9200/_snapshot/restore", '\\"$$STORE_URL/_snapshot/restore\\"')
    assert services(tmp_path, named) == [(1, "DW104", "restore"), (2, "DW101", "app")]


def test_a_program_it_does_not_know_keeps_it_judged(tmp_path):
    other = SCRIPT.replace("sleep 5", "sleep 5; restore-tool --all")
    assert services(tmp_path, other) == [(1, "DW104", "restore"), (2, "DW101", "app")]


def test_a_value_its_own_environment_sets_stays_judged(tmp_path):
    own = "    environment:\n      STORE_URL: http://search:9200\n"
    assert (1, "DW104", "restore") not in services(tmp_path, own_env=own)
