"""A value split into a list by a comprehension (``[s.strip() for s in
self.kafka_servers.split(",") if s.strip()]``, the bootstrap list a shared settings class's
property returns) is followed on from the list, as ``.split(",")`` alone already was: the
client the list reaches decides where it is dialled.  Before, the climb stopped at the
comprehension, the field's strong name became the evidence at that read, and every container
importing the shared package was judged to dial Kafka, also those that never build a client."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = '''from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    kafka_bootstrap_servers: str = "localhost:19092"

    @property
    def bootstrap_servers(self) -> list[str]:
        parts = self.kafka_bootstrap_servers.split(",")
        return [part.strip() for part in parts if part.strip()]
'''
BUS = '''from aiokafka import AIOKafkaProducer
from .settings import Settings


def build_producer(settings: Settings) -> AIOKafkaProducer:
    return AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers)
'''
PUBLISHER = '''import asyncio
from common import Settings, build_producer


async def main():
    producer = build_producer(Settings())
    await producer.start()

asyncio.run(main())
'''


def _services(tmp_path: Path, publisher_env: str) -> dict[str, list[str]]:
    make(tmp_path, {
        "compose.yaml": 'services:\n  gateway:\n    build: .\n    command: ["uvicorn", "gw.main:app", "--host", "0.0.0.0"]\n'
                        '  publisher:\n    build: .\n    command: ["python", "-m", "gw.publish"]\n'
                        f'{publisher_env}'
                        '  kafka:\n    image: apache/kafka:3.8.0\n',
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "common/__init__.py": "from .bus import build_producer\nfrom .settings import Settings\n\n"
                              "__all__ = ['build_producer', 'Settings']\n",
        "common/settings.py": SETTINGS,
        "common/bus.py": BUS,
        "gw/__init__.py": "",
        "gw/main.py": "from fastapi import FastAPI\nfrom common import Settings\n\nsettings = Settings()\napp = FastAPI()\n",
        "gw/publish.py": PUBLISHER,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    out: dict[str, list[str]] = {}
    for f in result.active:
        out.setdefault(f.span.path, []).extend(sorted(f.services))
    return out


def test_a_container_that_builds_no_client_is_not_judged(tmp_path):
    env = "    environment:\n      KAFKA_BOOTSTRAP_SERVERS: kafka:9092\n"
    assert _services(tmp_path, env) == {}


def test_the_container_that_dials_the_default_keeps_its_finding(tmp_path):
    assert _services(tmp_path, "") == {"common/settings.py": ["publisher"]}
