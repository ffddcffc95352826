"""Airflow's components load folders, not a module their command names: the scheduler, the
DAG processor and the Celery worker every file of the DAGs folder (and the plugins folder);
the webserver (which reads the DAGs serialized in the database), the API server and the
triggerer the plugins folder alone (rules/frameworks.yaml directory_loaders).  A dial in a DAG
names the scheduler and the worker, not the webserver; one in a plugin names them all; a
script beside the folders that no DAG imports runs in none of them.  The folders move with
AIRFLOW__CORE__DAGS_FOLDER; where the home directory is not known (not the official image, no
AIRFLOW_HOME) every file the container holds is judged, as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """x-airflow: &airflow
  build: .
  environment:
    AIRFLOW__CORE__EXECUTOR: CeleryExecutor
{extra}services:
  scheduler:
    <<: *airflow
    command: {p}scheduler
  web:
    <<: *airflow
    command: {p}webserver
  worker:
    <<: *airflow
    command: {p}celery worker
  triggerer:
    <<: *airflow
    command: {p}triggerer
  cache:
    image: redis:7
  store:
    image: postgres:16
"""

DAG = '''import pendulum
import redis
from airflow import DAG
from airflow.operators.python import PythonOperator


def push():
    redis.Redis(host="localhost", port=6379).incr("runs")


with DAG("nightly", start_date=pendulum.datetime(2024, 1, 1), schedule="@daily"):
    PythonOperator(task_id="push", python_callable=push)
'''

PLUGIN = '''import psycopg2
from airflow.plugins_manager import AirflowPlugin

conn = psycopg2.connect(host="localhost", port=5432, dbname="meta")


class AuditPlugin(AirflowPlugin):
    name = "audit"
'''

SCRIPT = 'import redis\n\nredis.Redis(host="127.0.0.1", port=6379).flushall()\n'


def _findings(tmp_path: Path, *, base: str = "apache/airflow:2.9.2", extra: str = "",
              dags: str = "dags", program: str = "") -> dict[str, list[str]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(extra=extra, p=program),
        "Dockerfile": f"FROM {base}\nCOPY . /opt/airflow/\n",
        f"{dags}/nightly.py": DAG,
        "plugins/audit.py": PLUGIN,
        "tools_etl/reset_cache.py": SCRIPT,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return {f"{f.span.path}:{f.span.line}": sorted(f.services) for f in result.active}


def test_a_dag_runs_in_the_scheduler_and_the_worker_not_the_webserver(tmp_path: Path) -> None:
    assert _findings(tmp_path)["dags/nightly.py:8"] == ["scheduler", "worker"]


def test_a_plugin_runs_in_every_component(tmp_path: Path) -> None:
    assert _findings(tmp_path)["plugins/audit.py:4"] == ["scheduler", "triggerer", "web", "worker"]


def test_a_script_no_dag_imports_runs_in_none(tmp_path: Path) -> None:
    assert "tools_etl/reset_cache.py:3" not in _findings(tmp_path)


def test_the_dags_folder_variable_moves_the_dags(tmp_path: Path) -> None:
    extra = "    AIRFLOW__CORE__DAGS_FOLDER: /opt/airflow/pipelines\n"
    found = _findings(tmp_path, extra=extra, dags="pipelines")
    assert found["pipelines/nightly.py:8"] == ["scheduler", "worker"]
    assert "tools_etl/reset_cache.py:3" not in found


def test_an_unknown_home_keeps_every_file_judged(tmp_path: Path) -> None:
    found = _findings(tmp_path, base="python:3.12-slim", program="airflow ")
    assert found["tools_etl/reset_cache.py:3"] == ["scheduler", "triggerer", "web", "worker"]
