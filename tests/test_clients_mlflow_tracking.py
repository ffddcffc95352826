"""MLflow's client dials the tracking server it is given: ``mlflow.set_tracking_uri(uri)``,
``MlflowClient(tracking_uri=...)`` (also ``mlflow.tracking.MlflowClient``), and, without either,
the ``MLFLOW_TRACKING_URI`` variable, which the ``mlflow`` package reads itself.  A loopback
tracking server inside a container is the container itself; a variable the service sets
replaces the default; a local store (``file:``, ``sqlite:``) is no server."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _compose(env: str = "", extra: str = "") -> str:
    return ("services:\n  trainer:\n    build: .\n    command: python jobs/train.py\n" + env + extra
            + "  tracking:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n"
            + "    command: mlflow server --host 0.0.0.0 --port 5000\n"
            + "    ports:\n      - \"15000:5000\"\n")


def _findings(tmp_path: Path, body: str, env: str = "", extra: str = "") -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": _compose(env, extra),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "jobs/train.py": f"import os\n\nimport mlflow\n{body}\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("body", [
    'mlflow.set_tracking_uri("http://localhost:5000")',
    'mlflow.set_tracking_uri(uri=os.getenv("TRACKING_SERVER", "http://127.0.0.1:5000"))',
    'from mlflow import MlflowClient\nclient = MlflowClient(tracking_uri="http://localhost:5000")',
    'from mlflow.tracking import MlflowClient\nclient = MlflowClient("http://localhost:5000")',
])
def test_a_loopback_tracking_server_is_dialled(tmp_path, body):
    assert _findings(tmp_path, body) == [("DW101", "tracking")]


def test_the_published_port_inside_the_network_is_flagged(tmp_path):
    found = _findings(tmp_path, 'mlflow.set_tracking_uri("http://tracking:15000")')
    assert [code for code, _ in found] == ["DW103"]


def test_the_service_name_at_its_container_port_is_right(tmp_path):
    assert _findings(tmp_path, 'mlflow.set_tracking_uri("http://tracking:5000")') == []


def test_a_local_store_is_no_server(tmp_path):
    assert _findings(tmp_path, 'mlflow.set_tracking_uri("file:///srv/mlruns")') == []


def test_the_default_of_a_variable_the_service_sets_does_not_run(tmp_path):
    env = "    environment:\n      TRACKING_SERVER: http://tracking:5000\n"
    assert _findings(tmp_path, 'mlflow.set_tracking_uri(os.getenv("TRACKING_SERVER", "http://localhost:5000"))',
                     env) == []


def test_the_variable_the_library_reads_is_a_tracking_server(tmp_path):
    # the code names no variable: mlflow reads MLFLOW_TRACKING_URI itself
    env = "    environment:\n      MLFLOW_TRACKING_URI: http://localhost:5000\n"
    assert _findings(tmp_path, 'mlflow.log_metric("loss", 0.1)', env) == [("DW101", "tracking")]


def test_the_variable_at_the_service_is_right(tmp_path):
    env = "    environment:\n      MLFLOW_TRACKING_URI: http://tracking:5000\n"
    assert _findings(tmp_path, 'mlflow.log_metric("loss", 0.1)', env) == []


def test_the_docker_host_alias_needs_its_gateway_entry(tmp_path):
    env = "    environment:\n      MLFLOW_TRACKING_URI: http://host.docker.internal:5050\n"
    assert [code for code, _ in _findings(tmp_path, 'mlflow.log_metric("loss", 0.1)', env)] == ["DW106"]
    extra = "    extra_hosts:\n      - \"host.docker.internal:host-gateway\"\n"
    assert _findings(tmp_path, 'mlflow.log_metric("loss", 0.1)', env, extra) == []
