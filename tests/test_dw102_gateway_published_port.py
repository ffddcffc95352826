"""DW102 on the default bridge's gateway names the service that publishes the port.

``http://172.17.0.1:9000`` reaches the Docker host's address on ``docker0``, where Compose
published a service's port: the server meant is that container, and its service name on the
shared network reaches it at its container port without the bridge's address (``minio:9000``;
``minio:9000`` too where it publishes ``9100:9000`` and the code dials 9100).  Where no
service publishes the port, or the one that does shares no network with the container, the
server is the host's own: its alias stays the suggestion.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  api:
    build: .
    command: python app.py
    environment:
      S3_ENDPOINT: http://172.17.0.1:{dialled}
{api_networks}
  minio:
    image: minio/minio
    command: server /data
{ports}
{minio_networks}
networks:
  front: {{}}
  back: {{}}
"""

APP = "import os\n\nimport boto3\n\nboto3.client('s3', endpoint_url=os.environ['S3_ENDPOINT']).list_buckets()\n"


def _suggestion(tmp_path: Path, dialled: int = 9000, ports: str = '    ports: ["9000:9000"]',
                api_networks: str = "", minio_networks: str = "") -> tuple[str, str | None]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(dialled=dialled, ports=ports, api_networks=api_networks,
                                       minio_networks=minio_networks),
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nWORKDIR /srv\n",
        "app.py": APP,
    }, git=True)
    found = [f for f in run_check([tmp_path], Config(cache=False)).findings if f.code == "DW102"]
    assert len(found) == 1
    sug = found[0].suggestion
    return found[0].message, (f"{sug.host}:{sug.port}" if sug is not None else None)


def test_the_service_publishing_the_port_is_the_suggestion(tmp_path):
    message, suggestion = _suggestion(tmp_path)
    assert suggestion == "minio:9000"
    assert "`minio` service publishes 9000" in message


def test_its_container_port_applies_on_the_network(tmp_path):
    _, suggestion = _suggestion(tmp_path, dialled=9100, ports='    ports: ["9100:9000"]')
    assert suggestion == "minio:9000"


def test_no_service_publishing_it_leaves_the_host_alias(tmp_path):
    _, suggestion = _suggestion(tmp_path, ports="")
    assert suggestion == "host.docker.internal:9000"


def test_a_publisher_on_another_network_leaves_the_host_alias(tmp_path):
    _, suggestion = _suggestion(tmp_path, api_networks="    networks: [front]",
                                minio_networks="    networks: [back]")
    assert suggestion == "host.docker.internal:9000"
