"""A monitoring server (Grafana, Prometheus: Go programs) given the stack's shared ``.env``
and a bind-mounted config directory runs none of the project's Python
(``rules/frameworks.yaml`` ``no_python_images``): it is not taken to dial the app's
``REDIS_HOST``, so no DW104 says the name does not resolve on its network."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """\
services:
  bot:
    build: .
    env_file: .env
    networks: [app, monitoring]
  redis:
    image: redis:7
    networks: [app]
  {name}:
    {source}
    env_file: .env
    volumes:
      - ./monitoring:/etc/monitoring
    networks: [monitoring]
networks:
  app: {{}}
  monitoring: {{}}
"""


def findings(tmp_path: Path, name: str, source: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(name=name, source=source),
        ".env": "REDIS_HOST=redis\nREDIS_PORT=6379\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "bot.py"]\n',
        "bot.py": 'import os\n\nimport redis\n\nredis.Redis(host=os.environ["REDIS_HOST"], port=6379)\n',
        "monitoring/datasources.yml": "apiVersion: 1\ndatasources: []\n",
    }, git=True)
    return [(f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_grafana_with_a_mounted_config_directory_dials_nothing_of_the_app(tmp_path):
    assert findings(tmp_path, "grafana", "image: grafana/grafana:10.4.2") == []


def test_prometheus_with_a_mounted_config_directory_dials_nothing_of_the_app(tmp_path):
    assert findings(tmp_path, "prometheus", "image: prom/prometheus:v2.51.0") == []


def test_the_app_itself_on_that_network_still_gets_the_finding(tmp_path):
    assert findings(tmp_path, "worker", "build: .") == [("DW104", ("worker",))]
