"""A web application firewall's instance image (rules/images.yaml) does not open the database
its controllers keep: the shared settings block that gives the database URI to every service,
the instance too, is no finding on the instance, which sits on no network with the database
by design; the controller image given the same URI on a network without the database is."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """x-common: &common
  DATABASE_URI: mariadb+pymysql://fw:secret@keeper:3306/fwdb
services:
  edge:
    image: bunkerity/bunkerweb:1.6.13
    ports: ["80:8080"]
    environment:
      <<: *common
    networks: [front, apps]
  brain:
    image: bunkerity/bunkerweb-scheduler:1.6.13
    environment:
      <<: *common
      BUNKERWEB_INSTANCES: edge
    networks: [front{brain_nets}]
  keeper:
    image: mariadb:11
    networks: [vault]
networks:
  front:
  apps:
  vault:
"""


def _findings(tmp_path: Path, brain_nets: str) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(brain_nets=brain_nets)}, git=True)
    return sorted((f.span.path, f.span.line, f.code, f.services)
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_instance_is_not_charged_with_the_controllers_database(tmp_path: Path) -> None:
    assert _findings(tmp_path, ", vault") == []


def test_a_controller_without_the_database_network_is_a_finding(tmp_path: Path) -> None:
    assert _findings(tmp_path, "") == [("compose.yaml", 2, "DW104", ("brain",))]
