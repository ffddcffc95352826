"""A strong name whose client takes its value as a host name, never a URL (a statsd or an SMTP
host: ``rules/flow.yaml`` host_only_names), is evidence of a host written there.  A web URL
written under it (``http://localhost``) is no address that client dials: it resolves the
whole text as a host name, which fails in a container and out of one alike (a placeholder
that keeps metrics off in development).  The name is then no evidence, and the code's own
uses decide: handed on to a library dockwise cannot follow, nothing; handed to a web client,
that client's call.  A bare host under the same name stays a finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "-m", "relay"]\n'

# the variable is read into a settings field and handed on to a library's runner
SETTINGS_MAIN = """from somelib import Runner

from relay import conf


def main():
    host = conf.Metrics.statsd_host
    Runner(stats_host=host).start()


main()
"""
CONF = """from pydantic_settings import BaseSettings


class _Metrics(BaseSettings, env_prefix="gauge_"):
    statsd_host: str = "collector.internal"


Metrics = _Metrics()
"""

# the variable's value is handed to a web client: that call dials it, whatever the name says
WEB_MAIN = """import os

import requests


def main():
    requests.post(os.environ["GAUGE_STATSD_HOST"] + "/push", data=b"up")


main()
"""


def _found(tmp_path: Path, value: str, main: str = SETTINGS_MAIN, extra: str = "") -> list[tuple[str, int, str]]:
    compose = ("services:\n  relay:\n    build: .\n    environment:\n"
               f"      GAUGE_STATSD_HOST: \"{value}\"\n" + extra)
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": compose, "relay/__init__.py": "",
                    "relay/__main__.py": main, "relay/conf.py": CONF}, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("value", ["http://localhost", "https://127.0.0.1:8125"])
def test_a_web_url_under_a_statsd_host_name_is_no_statsd_address(tmp_path, value):
    assert _found(tmp_path, value) == []


def test_a_bare_loopback_host_under_the_name_stays_a_finding(tmp_path):
    assert _found(tmp_path, "localhost") == [("compose.yaml", 5, "DW101")]


def test_a_loopback_host_and_port_beside_a_metrics_service_stays_a_finding(tmp_path):
    extra = "  gauges:\n    image: statsd/statsd:latest\n"
    assert _found(tmp_path, "127.0.0.1:8125", extra=extra) == [("compose.yaml", 5, "DW101")]


def test_a_web_client_that_dials_the_value_still_decides(tmp_path):
    assert _found(tmp_path, "http://localhost:9102", main=WEB_MAIN) == [("compose.yaml", 5, "DW101")]


def test_a_smtp_host_name_holding_a_web_url_is_no_mail_server(tmp_path):
    compose = ("services:\n  relay:\n    build: .\n    environment:\n"
               "      SMTP_HOST: \"http://localhost\"\n")
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": compose, "relay/__init__.py": "",
                    "relay/__main__.py": SETTINGS_MAIN, "relay/conf.py": CONF}, git=True)
    assert [f.code for f in run_check([tmp_path], Config(cache=False)).active] == []


# the same in code: a web URL as the default of a read of such a name, handed on unfollowed
CODE_DEFAULT = """import os

from somelib import Runner

Runner(stats_host=os.getenv("GAUGE_STATSD_HOST", "{value}")).start()
"""


@pytest.mark.parametrize("value, expected", [
    ("http://localhost", []),
    ("localhost", [("relay/__main__.py", 5, "DW101")]),
])
def test_the_default_of_a_read_in_code_is_judged_alike(tmp_path, value, expected):
    compose = "services:\n  relay:\n    build: .\n"
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": compose, "relay/__init__.py": "",
                    "relay/__main__.py": CODE_DEFAULT.format(value=value)}, git=True)
    got = sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)
    assert got == expected
