"""NVIDIA Triton's Python clients take their server as ``InferenceServerClient(url, ...)``,
``url`` a ``"host:port"`` with no scheme, in ``tritonclient.http``, ``tritonclient.grpc`` and
their ``aio`` variants.  A loopback address there is dialled; the default of a variable the
service sets does not run, and the service's name at its container port is right."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _compose(env: str = "") -> str:
    return ("services:\n  gateway:\n    build: .\n    command: python app/main.py\n" + env
            + "  inference:\n    image: nvcr.io/nvidia/tritonserver:24.05-py3\n"
            + "    command: tritonserver --model-repository=/models\n"
            + "    ports:\n      - \"18000:8000\"\n      - \"18001:8001\"\n")


def _findings(tmp_path: Path, imports: str, call: str, env: str = "") -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": _compose(env),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/main.py": f"import os\n\n{imports}\n\nclient = {call}\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize(("imports", "call"), [
    ("import tritonclient.http as httpclient", 'httpclient.InferenceServerClient(url="localhost:8000")'),
    ("import tritonclient.grpc as grpcclient", 'grpcclient.InferenceServerClient("127.0.0.1:8001", verbose=False)'),
    ("from tritonclient.http.aio import InferenceServerClient",
     'InferenceServerClient(url=os.environ.get("MODEL_SERVER", "localhost:8000"))'),
    ("from tritonclient.grpc.aio import InferenceServerClient", 'InferenceServerClient(os.getenv("MODEL_SERVER", "localhost:8001"))'),
])
def test_a_loopback_server_address_is_dialled(tmp_path, imports, call):
    assert _findings(tmp_path, imports, call) == [("DW101", "inference")]


def test_the_published_port_inside_the_network_is_flagged(tmp_path):
    found = _findings(tmp_path, "import tritonclient.http as httpclient",
                      'httpclient.InferenceServerClient(url="inference:18000")')
    assert [code for code, _ in found] == ["DW103"]


def test_the_service_name_at_its_container_port_is_right(tmp_path):
    assert _findings(tmp_path, "import tritonclient.grpc as grpcclient",
                     'grpcclient.InferenceServerClient(url="inference:8001")') == []


def test_the_default_of_a_variable_the_service_sets_does_not_run(tmp_path):
    env = "    environment:\n      MODEL_SERVER: inference:8000\n"
    assert _findings(tmp_path, "import tritonclient.http as httpclient",
                     'httpclient.InferenceServerClient(url=os.getenv("MODEL_SERVER", "localhost:8000"))', env) == []
