"""A program whose subcommands decide what it runs (``rules/frameworks.yaml``
no_python_subcommands: ``airflow``, ``spark-class``), started with no subcommand at all, only
prints its usage: its argument parser requires one.  A debug service that starts the bare CLI
(``bash -c airflow``, to be run with other arguments by hand) runs none of the project's
Python, so the mounted DAGs are not judged there; the scheduler beside it still runs them."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
x-orchestrator: &orchestrator
  image: apache/airflow:2.9.3
  volumes:
    - ./pipelines:/opt/airflow/dags
services:
  metadata:
    image: postgres:16
    networks: [inner]
  scheduler:
    <<: *orchestrator
    command: scheduler
    networks: [inner]
  console:
    <<: *orchestrator
    command:
      - bash
      - -c
      - {console}
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


def _findings(tmp_path: Path, console: str, host: str = "metadata") -> list[tuple[str, str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(console=console),
        "pipelines/rows.py": DAG.format(host=host),
    }, git=True)
    return [(f.code, f.span.path, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_bare_cli_runs_no_dag_in_a_service_off_the_database_network(tmp_path):
    assert _findings(tmp_path, "airflow") == []


def test_options_alone_name_no_subcommand_either(tmp_path):
    assert _findings(tmp_path, "airflow --help") == []


def test_a_subcommand_that_parses_the_dags_still_runs_them_there(tmp_path):
    assert _findings(tmp_path, "airflow dags list") == [("DW104", "pipelines/rows.py", ("console",))]


def test_a_dag_dialling_loopback_is_still_reported_in_the_scheduler(tmp_path):
    assert _findings(tmp_path, "airflow", host="localhost") == [("DW101", "pipelines/rows.py", ("scheduler",))]
