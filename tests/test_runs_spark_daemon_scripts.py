"""Apache Spark's daemon scripts (``sbin/start-thriftserver.sh``, ``start-master.sh``,
``start-worker.sh``, ``start-history-server.sh``) start a JVM server of Spark's own class
through spark-submit or spark-class: a container whose command runs only them (and tails
their logs) runs none of the project's Python, though its image copies the project's code
for jobs submitted later.  Its files are not judged as that container's.  A script of the
image dockwise does not know keeps the fallback (every file the container holds is judged)."""
from __future__ import annotations

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = 'import requests\n\nAPI = "http://localhost:8001"\nHEALTH = requests.get(API + "/health").ok\n'


def _findings(tmp_path, command: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "src/serving/client.py": APP,
        "spark/Dockerfile": ("FROM apache/spark:3.5.1\nUSER root\nWORKDIR /opt/workspace\n"
                             "COPY ./src /opt/workspace/src\n"),
        "compose.yaml": ("services:\n  thrift:\n    build:\n      context: .\n      dockerfile: spark/Dockerfile\n"
                         f"    command: >\n      {command}\n    ports: ['10000:10000']\n"),
    }, git=True)
    return [(f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("command", [
    'bash -c "/opt/spark/sbin/start-thriftserver.sh --conf spark.sql.catalog.x=y && tail -f /opt/spark/logs/*"',
    'bash -c "/opt/spark/sbin/start-master.sh && /opt/spark/sbin/start-history-server.sh && sleep infinity"',
])
def test_a_container_running_only_sparks_daemons_runs_no_project_python(tmp_path, command):
    assert _findings(tmp_path, command) == []


def test_an_unknown_script_of_the_image_keeps_the_files_judged(tmp_path):
    assert _findings(tmp_path, 'bash -c "/opt/tools/run-jobs.sh && tail -f /var/log/jobs.log"') == [
        ("DW101", ("thrift",))]
