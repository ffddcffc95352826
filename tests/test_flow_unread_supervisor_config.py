"""A process manager whose configuration is not in the tree to read (a start script writes it at
run time from a template, ``sed ... template > /run/x.conf``, then starts ``supervisord -c
/run/x.conf``) may start any program beside the project's Python: a daemon of the image (a
syslog collector, a cache) may serve a loopback port the Python dials.  Without another service
of the layout on that port, ``localhost:PORT`` there is no evidence of a server on the Docker
host, as for a supervisord program dockwise reads that runs no Python of the project
(flow/judge.py ``_sibling_may_serve``)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

PREPARE = ('import logging\nimport logging.handlers\n\n'
           'sink = logging.handlers.SysLogHandler(address=("localhost", 6514))\n'
           'logging.getLogger("ledger").addHandler(sink)\n'
           'logging.getLogger("ledger").warning("ready")\n')
ENTRY = ("#!/bin/sh\nset -e\n"
         'sed "s/@TOKEN@/$(head -c 8 /dev/urandom | od -An -tx1 | tr -d \' \\n\')/" '
         "/opt/ledger/conf/procs.conf.in > /opt/ledger/state/procs.conf\n"
         "python3 /opt/ledger/prepare.py\n"
         "exec supervisord -n -c /opt/ledger/state/procs.conf\n")
DOCKERFILE = ("FROM python:3.12-slim\nWORKDIR /opt/ledger\nCOPY . /opt/ledger\n"
              'ENTRYPOINT ["/opt/ledger/entry.sh"]\n')


def _flagged(tmp_path: Path, compose_extra: str = "") -> list[tuple[str, str, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  ledger:\n    build: .\n" + compose_extra,
        "Dockerfile": DOCKERFILE,
        "entry.sh": ENTRY,
        "prepare.py": PREPARE,
        "conf/procs.conf.in": "[supervisord]\nnodaemon=true\n",
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.code, f.suggestion.host if f.suggestion else "") for f in result.active)


def test_a_loopback_port_beside_an_unread_supervisor_configuration_is_no_host_server(tmp_path):
    assert _flagged(tmp_path) == []


def test_a_service_of_the_layout_on_that_port_is_still_the_one_meant(tmp_path):
    other = "  collector:\n    image: example/collector:1\n    expose: [\"6514\"]\n"
    assert _flagged(tmp_path, other) == [("prepare.py", "DW101", "collector")]
