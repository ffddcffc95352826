"""API clients of an identity server and a monitoring server send their requests to the server
URL given first: python-keycloak's ``KeycloakOpenID(server_url=...)`` (and KeycloakAdmin,
KeycloakOpenIDConnection), prometheus-api-client's ``PrometheusConnect(url=...)``, alerta's
``alertaclient.api.Client(endpoint=...)``.  A loopback URL
there, in a container beside the server's service, is that container itself (DW101, the service
as suggestion).  ``PrometheusConnect()`` given no URL queries 127.0.0.1:9090, its default."""
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
    command: python main.py
  auth:
    image: quay.io/keycloak/keycloak:24.0
    command: start-dev
  metrics:
    image: prom/prometheus:v2.51.0
"""


ALERTING = """\
services:
  probe:
    build: .
    command: python main.py
  alerts:
    image: alerta/alerta-web:9.0.1
    expose:
      - "8080"
"""


def _findings(tmp_path: Path, code: str, compose: str = COMPOSE) -> list[tuple[str, int, str | None]]:
    make(tmp_path, {
        "compose.yaml": compose,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app/\n",
        "main.py": code,
    }, git=True)
    return [(f.code, f.span.line, f"{f.suggestion.host}:{f.suggestion.port}" if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("call", [
    'KeycloakOpenID(server_url="http://localhost:8080/", realm_name="r", client_id="c")',
    'KeycloakOpenID("http://localhost:8080/", "r", "c")',
    'KeycloakOpenIDConnection(server_url="http://localhost:8080/", realm_name="r")',
])
def test_a_keycloak_client_given_loopback_dials_itself(tmp_path, call):
    code = f"from keycloak import KeycloakOpenID, KeycloakOpenIDConnection\n\nclient = {call}\nclient.well_known()\n"
    assert _findings(tmp_path, code) == [("DW101", 3, "auth:8080")]


def test_a_keycloak_client_given_the_service_is_silent(tmp_path):
    code = 'from keycloak import KeycloakOpenID\n\nKeycloakOpenID(server_url="http://auth:8080/", realm_name="r", client_id="c")\n'
    assert _findings(tmp_path, code) == []


def test_a_prometheus_client_given_loopback_dials_itself(tmp_path):
    code = 'from prometheus_api_client import PrometheusConnect\n\nprom = PrometheusConnect(url="http://localhost:9090", disable_ssl=True)\nprom.all_metrics()\n'
    assert _findings(tmp_path, code) == [("DW101", 3, "metrics:9090")]


def test_a_prometheus_client_given_no_url_dials_its_default(tmp_path):
    code = "from prometheus_api_client import PrometheusConnect\n\nprom = PrometheusConnect(disable_ssl=True)\nprom.all_metrics()\n"
    assert [(c, line) for c, line, _ in _findings(tmp_path, code)] == [("DW101", 3)]


@pytest.mark.parametrize("call", ['PrometheusConnect(url="http://metrics:9090")', 'PrometheusConnect("http://metrics:9090")'])
def test_a_prometheus_client_given_the_service_is_silent(tmp_path, call):
    code = f"from prometheus_api_client import PrometheusConnect\n\nprom = {call}\n"
    assert _findings(tmp_path, code) == []


@pytest.mark.parametrize("call", ['Client(endpoint="http://localhost:8080/api", key="k")', 'Client("http://localhost:8080/api")'])
def test_an_alerta_client_given_loopback_dials_itself(tmp_path, call):
    code = f"from alertaclient.api import Client\n\nclient = {call}\nclient.heartbeat(origin='probe')\n"
    assert _findings(tmp_path, code, ALERTING) == [("DW101", 3, "alerts:8080")]


def test_an_alerta_client_given_the_service_is_silent(tmp_path):
    code = 'from alertaclient.api import Client\n\nClient(endpoint="http://alerts:8080/api", key="k")\n'
    assert _findings(tmp_path, code, ALERTING) == []
