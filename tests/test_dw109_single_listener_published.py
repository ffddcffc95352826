"""DW109 where the broker's only listener is advertised as loopback and published to the
Docker host on the same port number (``ports: ["9092:9092"]``).  A container that bootstraps
from ``queue:9092`` is sent to its own loopback, so the finding stands; but tools on the host
bootstrap from ``localhost:9092`` through the published port and are handed the advertised
``localhost:9092`` back, which is what lets them work.  Re-advertising the service name, the
usual one-line fix, repairs the containers and breaks the host's clients: the suggestion
stays, its fix is unsafe, and the message says the host needs a listener of its own.  Not
published, or published on another number (the host's clients already get an address the host
does not forward), the fix stays safe."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.fix.plan import attach_fixes
from tests.conftest import make

BROKER = """\
services:
  queue:
    image: confluentinc/cp-kafka:7.4.0
{ports}    environment:
      KAFKA_ZOOKEEPER_CONNECT: keeper:2181
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://localhost:9092
  keeper:
    image: confluentinc/cp-zookeeper:7.4.0
  tally:
    build: ./tally
"""

CLIENT = 'from kafka import KafkaProducer\nproducer = KafkaProducer(bootstrap_servers="queue:9092")\n'


def _dw109(tmp_path: Path, ports: str):
    make(tmp_path, {
        "compose.yaml": BROKER.format(ports=ports),
        "tally/Dockerfile": 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/send.py"]\n',
        "tally/send.py": CLIENT,
    }, git=True)
    return [f for f in attach_fixes(run_check([tmp_path], Config(cache=False))).findings if f.code == "DW109"]


def test_published_single_listener_keeps_the_suggestion_as_an_unsafe_fix(tmp_path: Path) -> None:
    (f,) = _dw109(tmp_path, '    ports: ["9092:9092"]\n')
    assert f.suggestion is not None and (f.suggestion.host, f.suggestion.port) == ("queue", 9092)
    assert f.fix is not None and f.fix.applicability == "unsafe"
    assert "listener of their own" in f.message


def test_unpublished_single_listener_keeps_a_safe_fix(tmp_path: Path) -> None:
    (f,) = _dw109(tmp_path, "")
    assert f.fix is not None and f.fix.applicability == "safe"
    assert "listener of their own" not in f.message


def test_listener_published_on_another_number_keeps_a_safe_fix(tmp_path: Path) -> None:
    (f,) = _dw109(tmp_path, '    ports: ["19092:9092"]\n')
    assert f.fix is not None and f.fix.applicability == "safe"
