"""A Ray driver joins a cluster with ``ray.init(address)``: a Ray Client URL,
``ray://head:10001`` (10001 when the URL gives no port), is dialled.  A loopback one inside the
driver's container is the container itself; the head's service name is right; ``"auto"`` and
``"local"`` name no host (a service one edit away is not meant); the default of a variable the
service sets does not run."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, call: str, env: str = "") -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  planner:\n    build: .\n    command: python jobs/plan.py\n" + env
                        + "  cluster:\n    image: rayproject/ray:2.9.0\n"
                        + "    command: ray start --head --port=6379 --dashboard-host=0.0.0.0 --block\n"
                        + "    expose:\n      - \"10001\"\n"
                        + "  autos:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "jobs/plan.py": f"import os\n\nimport ray\n\n{call}\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("call", [
    'ray.init("ray://localhost:10001")',
    'ray.init(address="ray://127.0.0.1")',
    'ray.init(address=os.getenv("CLUSTER_ADDRESS", "ray://localhost:10001"))',
])
def test_a_loopback_client_url_is_dialled(tmp_path, call):
    assert _findings(tmp_path, call) == [("DW101", "cluster")]


@pytest.mark.parametrize("call", [
    'ray.init("ray://cluster:10001")',
    'ray.init(address="ray://cluster")',
    'ray.init(address="auto")',
    'ray.init("local")',
    "ray.init()",
])
def test_the_head_by_name_and_the_words_are_no_finding(tmp_path, call):
    assert _findings(tmp_path, call) == []


def test_the_default_of_a_variable_the_service_sets_does_not_run(tmp_path):
    env = "    environment:\n      CLUSTER_ADDRESS: ray://cluster:10001\n"
    assert _findings(tmp_path, 'ray.init(address=os.getenv("CLUSTER_ADDRESS", "ray://localhost:10001"))', env) == []
