"""The gateway of a bridge network the Compose file gives a subnet (its ipam ``gateway``, else
the subnet's first address, which Docker's default IPAM gives the network's bridge) is the
Docker host's address on that network, not a container's: DW102 says so and suggests the
host's alias (or the service publishing the port there), as for the default bridge's
``172.17.0.1``.  Another address of the subnet stays a container's; a macvlan network's
gateway is a router of the LAN and is no host address."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  app:
    build: .
    command: python app.py
    networks: [backend]
{more}networks:
  backend:
{driver}    ipam:
      config:
        - subnet: 172.28.0.0/16
{gateway}"""


def _found(tmp_path: Path, host: str, *, gateway: str = "", driver: str = "", more: str = ""):
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(gateway=gateway, driver=driver, more=more),
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /srv\nWORKDIR /srv\n",
        "app.py": f'import psycopg\n\nconn = psycopg.connect(host="{host}", dbname="shop")\n',
    }, git=True)
    return list(run_check([tmp_path], Config(cache=False)).active)


@pytest.mark.parametrize("host, gateway", [
    ("172.28.0.1", ""),
    ("172.28.5.254", "          gateway: 172.28.5.254\n"),
])
def test_the_gateway_is_the_docker_host(tmp_path, host, gateway):
    found = _found(tmp_path, host, gateway=gateway)
    assert [(f.code, f.span.line) for f in found] == [("DW102", 3)]
    assert "is the gateway of the `backend` network, the Docker host's address" in found[0].message
    assert found[0].suggestion is not None and found[0].suggestion.host == "host.docker.internal"


def test_the_service_publishing_the_port_there_is_named(tmp_path):
    more = ("  db:\n    image: postgres:16\n    networks: [backend]\n    ports: [\"5432:5432\"]\n")
    found = _found(tmp_path, "172.28.0.1", more=more)
    assert [(f.code, f.suggestion.host if f.suggestion else None) for f in found] == [("DW102", "db")]


def test_another_address_of_the_subnet_is_a_container(tmp_path):
    found = _found(tmp_path, "172.28.0.7")
    assert [f.code for f in found] == ["DW102"] and "container address" in found[0].message


def test_a_macvlan_gateway_is_a_router_of_the_lan(tmp_path):
    found = _found(tmp_path, "172.28.0.1", driver="    driver: macvlan\n")
    assert all("gateway of the" not in f.message for f in found)
