"""A script of the service's image (not in the tree) that runs its arguments as the command
(the Airflow image's ``/entrypoint``, ``rules/frameworks.yaml`` image_entrypoints) is read from
its arguments on, and a subcommand that runs none of the project's Python (``airflow
version``: no_python_subcommands) adds nothing: an init container that only mounts the project
to fix its permissions does not run the host-side scripts beside the DAGs.  The DAGs still run
in the scheduler, and a Python script given to the same script still runs."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
x-orchestrator: &orchestrator
  image: apache/airflow:2.9.3
  environment:
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: postgresql+psycopg2://orch:orch@metadata/orch
services:
  metadata:
    image: postgres:16
    ports: ["5432:5432"]
  scheduler:
    <<: *orchestrator
    command: scheduler
    volumes:
      - ./pipelines:/opt/airflow/dags
  setup:
    <<: *orchestrator
    entrypoint: /bin/bash
    command:
      - -c
      - |
        mkdir -p /sources/logs /sources/pipelines
        chown -R "50000:0" /sources/logs
        exec /entrypoint {init}
    volumes:
      - .:/sources
"""
SEED = """\
import psycopg2

conn = psycopg2.connect(host="localhost", port=5432, dbname="orch", user="orch")
conn.cursor().execute("select 1")
"""
DAG = """\
from datetime import datetime

import psycopg2
from airflow import DAG
from airflow.operators.python import PythonOperator


def count_rows():
    psycopg2.connect(host="{host}", port=5432, dbname="orch").cursor().execute("select 1")


with DAG("rows", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    PythonOperator(task_id="count", python_callable=count_rows)
"""


def _findings(tmp_path: Path, init: str, dag_host: str = "metadata") -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(init=init),
        "seed_locally.py": SEED,
        "pipelines/rows.py": DAG.format(host=dag_host),
    }, git=True)
    return [(f.span.path, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_init_container_runs_no_script_of_the_project(tmp_path):
    assert _findings(tmp_path, "airflow version") == []


def test_a_dag_dialling_loopback_is_still_reported_in_the_scheduler(tmp_path):
    assert _findings(tmp_path, "airflow version", dag_host="localhost") == [("pipelines/rows.py", ("scheduler",))]


def test_a_python_script_handed_to_the_image_script_still_runs(tmp_path):
    assert _findings(tmp_path, "python /sources/seed_locally.py") == [("seed_locally.py", ("setup",))]
