"""A logger's ``bind(...)`` returns the logger with context added to its records (loguru's
``logger.bind(job=...)``, structlog's ``log.bind(...)``): it binds no socket.  A consumer
script whose code calls it still receives no request, so a dial only a route handler of the
web module it imports makes is not judged in its container (rules/flow.yaml idle_calls).  A
socket's ``bind`` still counts as a possible server."""
from __future__ import annotations

import pytest

from tests.test_regex_match_start_is_no_server import _services

LOGURU = "from loguru import logger\n\n\ndef tag():\n    return logger.bind(job=\"consume\")\n"
STRUCTLOG = ("import structlog\n\nlog = structlog.get_logger()\n\n\n"
             "def tag():\n    return log.bind(job=\"consume\")\n")
SOCKET = ("import socket\n\n\ndef serve():\n    sock = socket.socket()\n"
          "    sock.bind((\"0.0.0.0\", 7000))\n    sock.listen()\n")


@pytest.mark.parametrize("helpers", [LOGURU, STRUCTLOG], ids=["loguru", "structlog"])
def test_a_loggers_bind_starts_no_server(tmp_path, helpers):
    assert _services(tmp_path, helpers) == [("web",)]


def test_a_sockets_bind_may_start_one(tmp_path):
    assert _services(tmp_path, SOCKET) == [("listener", "web")]
