"""The Airflow image's ``/entrypoint`` runs a command that is none of ``airflow``, ``bash`` and
``python`` as ``airflow`` with those arguments: ``command: celery worker`` there is Airflow's
Celery worker, which runs the tasks of the DAG files mounted in, not Celery's own program given no
application (``rules/frameworks.yaml`` image_entrypoints ``program``).  ``celery flower`` is its
monitor, which runs none of them (no_python_subcommands, a subcommand written with its group)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

# (the closing comment names both words Airflow's DAG discovery safe mode looks for: the DAG
# processor parses the file)
PIPELINE = ('from sqlalchemy import create_engine\n\n'
            'engine = create_engine("postgresql://etl@localhost:5432/warehouse")\n'
            '# loaded by the Airflow DAG processor\n')


def services(tmp_path: Path, image: str = "apache/airflow:2.9.3") -> list[tuple[str, int, str, str]]:
    compose = ("x-common: &common\n"
               f"  image: {image}\n"
               "  volumes:\n    - ./pipelines:/opt/airflow/dags\n"
               "services:\n"
               "  warehouse:\n    image: postgres:16\n"
               "  planner:\n    <<: *common\n    command: scheduler\n"
               "  runner:\n    <<: *common\n    command: celery worker\n"
               "  monitor:\n    <<: *common\n    command: celery flower\n")
    make(tmp_path, {"compose.yaml": compose, "pipelines/load.py": PIPELINE}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.span.line, f.code, ",".join(f.services)) for f in result.active)


def test_a_celery_worker_under_the_airflow_image_runs_the_dags(tmp_path):
    assert services(tmp_path) == [("pipelines/load.py", 3, "DW101", "planner,runner")]


def test_celery_under_another_image_is_celerys_own_program(tmp_path):
    # a plain Python image runs Celery itself: given no application, no file of the project
    assert services(tmp_path, image="python:3.12-slim") == [("pipelines/load.py", 3, "DW101", "planner")]
