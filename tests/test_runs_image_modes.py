"""A command that is one of the modes an image's own entrypoint script starts its server in
(``jobmanager`` under the Flink image, ``rules/frameworks.yaml`` image_entrypoints) runs none of the
project's Python, whatever the project mounts into the container: the host-side scripts beside
the jobs are not judged there.  Any other command of that image is read as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  queue:
    image: apache/kafka:3.8.0
  coordinator:
    build: .
    volumes:
      - ./:/opt/flink/usrlib
{command}
"""
SEND = """\
from kafka import KafkaProducer

producer = KafkaProducer(bootstrap_servers="localhost:9092")
producer.send("trips", b"{}")
"""


def _findings(tmp_path: Path, command: str, base: str = "flink:1.20-scala_2.12-java17") -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(command=command),
        "Dockerfile": f"FROM {base}\nRUN apt-get update && apt-get install -y python3-pip && pip install apache-flink\n",
        "send_trips.py": SEND,
    }, git=True)
    return [(f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_server_mode_of_the_image_runs_none_of_the_projects_python(tmp_path):
    assert _findings(tmp_path, "    command: taskmanager") == []


def test_a_python_command_in_the_same_image_is_still_judged(tmp_path):
    assert _findings(tmp_path, "    command: python3 /opt/flink/usrlib/send_trips.py") == [("send_trips.py", "DW101")]


def test_the_word_means_nothing_under_another_image(tmp_path):
    assert _findings(tmp_path, "    command: taskmanager", base="python:3.12-slim") == [("send_trips.py", "DW101")]
