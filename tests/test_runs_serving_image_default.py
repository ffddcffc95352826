"""A service of an image whose default command starts the image's own server (the Jupyter
Docker Stacks' Jupyter Server: ``rules/frameworks.yaml`` image_entrypoints serves_by_default)
that names no command runs none of the project's Python, as the same command written out
does: the scripts mounted beside the notebooks are what a user may run there, not what the
container starts.  A command of its own, or a Dockerfile CMD, is read as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  notebooks:
    {image}
    ports: ["8888:8888"]
    volumes:
      - ./analysis:/home/jovyan/work
{command}
  events:
    image: bitnami/kafka:3.7
"""
REPLAY = """\
from kafka import KafkaProducer

producer = KafkaProducer(bootstrap_servers="localhost:9092")
producer.send("clicks", b"{}")
"""


def _services(tmp_path: Path, image: str, command: str = "", files: dict[str, str] | None = None) -> list[tuple[str, ...]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(image=image, command=command),
        "analysis/replay_clicks.py": REPLAY,
        **(files or {}),
    }, git=True)
    return [tuple(f.services) for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_notebook_servers_default_command_runs_no_mounted_script(tmp_path):
    assert _services(tmp_path, "image: quay.io/jupyter/pyspark-notebook:2024-10-14") == []


def test_a_command_of_its_own_is_still_read(tmp_path):
    command = "    command: python /home/jovyan/work/replay_clicks.py"
    assert _services(tmp_path, "image: jupyter/scipy-notebook:latest", command) == [("notebooks",)]


def test_a_dockerfile_cmd_on_the_notebook_image_is_still_read(tmp_path):
    dockerfile = "FROM jupyter/pyspark-notebook:latest\nCMD [\"python\", \"/home/jovyan/work/replay_clicks.py\"]\n"
    assert _services(tmp_path, "build: .", files={"Dockerfile": dockerfile}) == [("notebooks",)]
