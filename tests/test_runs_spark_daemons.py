"""``spark-class`` naming a standalone cluster daemon (the Master, a Worker, the history server:
``rules/frameworks.yaml`` no_python_subcommands) starts a JVM that runs none of the project's
Python, whatever the image holds or mounts: the driver's modules copied beside it are judged in
the container that submits them, not there.  ``spark-class`` running an application
(``SparkSubmit``), or an unknown program in the same image, is still judged."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  queue:
    image: apache/kafka:3.8.0
  node:
    build: .
    command: {command}
"""
PUBLISH = """\
from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "localhost:9092"})
producer.produce("readings", b"{}")
"""


def _findings(tmp_path: Path, command: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(command=command),
        "Dockerfile": "FROM spark:3.5.1-python3\nCOPY . /opt/app\n",
        "jobs/publish.py": PUBLISH,
    }, git=True)
    return [(f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("daemon", [
    "/opt/spark/bin/spark-class org.apache.spark.deploy.master.Master --host node --port 7077",
    "spark-class org.apache.spark.deploy.worker.Worker spark://node:7077 --webui-port 8081",
    "/opt/spark/bin/spark-class org.apache.spark.deploy.history.HistoryServer",
])
def test_a_spark_daemon_runs_none_of_the_projects_python(tmp_path, daemon):
    assert _findings(tmp_path, daemon) == []


def test_spark_class_submitting_an_application_is_still_judged(tmp_path):
    got = _findings(tmp_path, "/opt/spark/bin/spark-class org.apache.spark.deploy.SparkSubmit /opt/app/jobs/publish.py")
    assert got == [("jobs/publish.py", "DW101")]


def test_an_unknown_program_in_the_same_image_still_falls_back_to_its_files(tmp_path):
    assert _findings(tmp_path, "/opt/app/launch-node") == [("jobs/publish.py", "DW101")]
