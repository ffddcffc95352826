"""logging's SysLogHandler sends each record to its ``address``, a (host, port) tuple: in a
container, ``("localhost", 514)`` is the container itself, where no syslog daemon listens, and
the records are lost without an error (UDP).  A collector service of the layout is the
suggestion; a Unix socket path (``"/dev/log"``), the collector's service name, or a syslog daemon the
container starts itself is no finding.  Django's ``LOGGING`` handlers' ``address`` is the same
(rules/flow.yaml settings_sinks)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, address: str, command: str = "python -m shipper.main") \
        -> list[tuple[str, tuple[str, int | None] | None]]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  app:\n    build: .\n    command: {command}\n"
                        "  logs:\n    image: balabit/syslog-ng:4.7.1\n    expose: [\"514/udp\"]\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "shipper/__init__.py": "",
        "shipper/main.py": "import logging\nfrom logging.handlers import SysLogHandler\n\n"
                           f"handler = SysLogHandler(address={address})\nlogging.getLogger().addHandler(handler)\n"
                           "logging.getLogger().warning(\"started\")\n",
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return [(f.code, (f.suggestion.host, f.suggestion.port) if f.suggestion else None) for f in found]


def test_a_loopback_collector_is_a_finding(tmp_path: Path) -> None:
    assert _findings(tmp_path, '("localhost", 514)') == [("DW101", ("logs", 514))]


@pytest.mark.parametrize("address", ['"/dev/log"', '("logs", 514)'])
def test_a_socket_path_or_the_service_is_not(tmp_path: Path, address: str) -> None:
    assert _findings(tmp_path, address) == []


def test_a_daemon_the_container_starts_takes_the_records(tmp_path: Path) -> None:
    assert _findings(tmp_path, '("localhost", 514)', 'sh -c "rsyslogd && exec python -m shipper.main"') == []


def test_a_django_logging_handler_address(tmp_path: Path) -> None:
    make(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    command: gunicorn site_conf.wsgi -b 0.0.0.0:8000\n"
                        "    environment:\n      DJANGO_SETTINGS_MODULE: site_conf.settings\n"
                        "  logs:\n    image: balabit/syslog-ng:4.7.1\n    expose: [\"514/udp\"]\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "site_conf/__init__.py": "",
        "site_conf/wsgi.py": "from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n",
        "site_conf/settings.py": "LOGGING = {\n    \"version\": 1,\n    \"handlers\": {\n"
                                 "        \"syslog\": {\"class\": \"logging.handlers.SysLogHandler\", \"address\": (\"localhost\", 514)},\n"
                                 "        \"file\": {\"class\": \"logging.FileHandler\", \"filename\": \"/tmp/app.log\"},\n"
                                 "    },\n    \"root\": {\"handlers\": [\"syslog\", \"file\"]},\n}\n",
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    assert [(f.code, f.suggestion.host if f.suggestion else None) for f in found] == [("DW101", "logs")]
