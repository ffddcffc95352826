"""A configurator image that writes the sites' settings it is given into another container's
configuration (a web application firewall's scheduler: rules/images.yaml dials) dials only its
own connections: a site's upstream (`www.example.com_REVERSE_PROXY_HOST`) named on a network
the scheduler does not join is the instance's to reach, while its own database on such a
network is a finding."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """services:
  waf:
    image: bunkerity/bunkerweb:1.6.13
    ports: ["80:8080"]
    networks: [control, apps]
  control:
    image: bunkerity/bunkerweb-scheduler:1.6.13
    environment:
      BUNKERWEB_INSTANCES: waf
      SERVER_NAME: www.example.com
      www.example.com_USE_REVERSE_PROXY: "yes"
      www.example.com_REVERSE_PROXY_HOST: http://shop:8080
{extra}    networks: [control]
  shop:
    image: nginxdemos/nginx-hello
    networks: [apps]
  store:
    image: mariadb:11
    networks: [data]
networks:
  control:
  apps:
  data:
"""


def _findings(tmp_path: Path, extra: str = "") -> list[tuple[str, int, str]]:
    make(tmp_path, {"compose.yaml": COMPOSE.format(extra=extra)}, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_sites_upstream_is_the_instances_to_reach(tmp_path: Path) -> None:
    assert _findings(tmp_path) == []


def test_its_own_database_on_another_network_is_a_finding(tmp_path: Path) -> None:
    extra = "      DATABASE_URI: mariadb+pymysql://bw:secret@store:3306/db\n"
    assert _findings(tmp_path, extra) == [("compose.yaml", 13, "DW104")]
