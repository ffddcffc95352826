"""A host that is a container's ID (`1f3a9c0d2b7e:9092`, Docker's short ID, a container's default
hostname and an alias on its networks) resolves only while that container lives: re-created, the
container has another ID.  DW102 flags it like a container IP, with the one service listening on
the port as the suggestion.  A name the layout declares is never taken for an ID, nor a word or a
number that is not one."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, host: str, broker: str = "kafka") -> list[tuple[str, tuple[str, int | None] | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  app:\n    build: .\n    command: python -m feed.main\n"
                        f"  {broker}:\n    image: bitnami/kafka:3.7\n    expose: [\"9092\"]\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "feed/__init__.py": "",
        "feed/main.py": "from kafka import KafkaProducer\n\n"
                        f"producer = KafkaProducer(bootstrap_servers=\"{host}:9092\")\nproducer.send(\"t\", b\"x\")\n",
    }, git=True)
    found = run_check([tmp_path], Config(cache=False)).active
    return [(f.code, (f.suggestion.host, f.suggestion.port) if f.suggestion else None) for f in found]


@pytest.mark.parametrize("host", ["1f3a9c0d2b7e", "1F3A9C0D2B7E", "1f3a9c0d2b7e" * 5 + "0a1b"])
def test_a_container_id_host_is_flagged(tmp_path: Path, host: str) -> None:
    assert _findings(tmp_path, host) == [("DW102", ("kafka", 9092))]


@pytest.mark.parametrize("host", ["facadebeaded", "123456789012", "1f3a9c0d2b7"])
def test_a_word_or_number_is_no_id(tmp_path: Path, host: str) -> None:
    assert [c for c, _ in _findings(tmp_path, host)] == []


def test_a_service_named_in_hex_is_a_name(tmp_path: Path) -> None:
    assert _findings(tmp_path, "1f3a9c0d2b7e", broker="1f3a9c0d2b7e") == []
