"""DW102 on the default bridge's gateway written in a URL without a port.

``redis://172.17.0.1`` dials the gateway at the scheme's port, 6379: where a sibling service
publishes that port on the host, the server meant is that container, reached by its service
name on the shared network (``queue``), as for a port written out.  Where none publishes it,
the host's alias stays the suggestion.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  worker:
    build: .
    command: python job.py
    environment:
      QUEUE_URL: redis://172.17.0.1{port}/0
  queue:
    image: redis:7
{ports}
"""

JOB = "import os\n\nimport redis\n\nredis.Redis.from_url(os.environ['QUEUE_URL']).ping()\n"


def _finding(tmp_path: Path, port: str = "", ports: str = '    ports: ["6379:6379"]'):
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(port=port, ports=ports),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "job.py": JOB,
    }, git=True)
    found = [f for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW102"]
    assert len(found) == 1
    return found[0]


def test_the_scheme_port_names_the_publishing_service(tmp_path):
    f = _finding(tmp_path)
    assert f.suggestion is not None and f.suggestion.host == "queue"
    assert "`queue` service publishes 6379" in f.message


def test_the_port_written_out_names_it_too(tmp_path):
    f = _finding(tmp_path, port=":6379")
    assert f.suggestion is not None and (f.suggestion.host, f.suggestion.port) == ("queue", 6379)


def test_no_publisher_leaves_the_host_alias(tmp_path):
    f = _finding(tmp_path, ports="")
    assert f.suggestion is not None and f.suggestion.host == "host.docker.internal"
