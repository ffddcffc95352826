"""Airflow parses a file of its DAGs folder only where it holds both "airflow" and "dag" (any
letter case: the DAG discovery safe mode, on unless [core] dag_discovery_safe_mode is false).
A helper module of the folder without those words runs only where a DAG imports it; one whose
dial runs at import is not judged for the scheduler and the workers just for lying there."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

COMPOSE = """services:
  scheduler:
    image: apache/airflow:2.9.2
    command: scheduler
    environment:
      AIRFLOW__CORE__EXECUTOR: LocalExecutor
{extra}    volumes:
      - ./dags:/opt/airflow/dags
  cache:
    image: redis:7
"""

PIPELINE = '''import pendulum
from airflow import DAG
from airflow.operators.empty import EmptyOperator
{imports}
with DAG("hourly", start_date=pendulum.datetime(2024, 1, 1), schedule="@hourly"):
    EmptyOperator(task_id="noop")
'''

# no word the heuristic looks for: a client module dialling at import
WARMER = 'import redis\n\nstore = redis.Redis(host="localhost", port=6379)\nstore.ping()\n'


def _found(tmp_path: Path, *, imports: str = "", extra: str = "") -> list[str]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(extra=extra),
        "dags/hourly.py": PIPELINE.format(imports=imports),
        "dags/warmer.py": WARMER,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(f"{f.span.path}:{f.span.line}" for f in result.active)


def test_a_helper_without_the_words_that_no_dag_imports_runs_nowhere(tmp_path: Path) -> None:
    assert _found(tmp_path) == []


def test_a_helper_a_dag_imports_runs_with_it(tmp_path: Path) -> None:
    assert _found(tmp_path, imports="import warmer\n") == ["dags/warmer.py:3"]


def test_safe_mode_turned_off_parses_every_file(tmp_path: Path) -> None:
    extra = '      AIRFLOW__CORE__DAG_DISCOVERY_SAFE_MODE: "False"\n'
    assert _found(tmp_path, extra=extra) == ["dags/warmer.py:3"]
