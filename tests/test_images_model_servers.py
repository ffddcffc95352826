"""Model and vector servers run from their published images listen on their documented
ports without a `ports:` mapping or a start command dockwise reads: Triton on 8000 (HTTP),
8001 (gRPC) and 8002 (metrics), vLLM's OpenAI server on 8000, Hugging Face's inference
servers on 80, Label Studio on 8080, Chroma's GitHub image on 8000, Weaviate's gRPC on 50051.
A loopback address of such a port in another container is the server of that service, not
one on the Docker host; a port none of them serves still points at the host."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, server: str, call: str) -> list[tuple[str, str | None, int | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  worker:\n    build: .\n    command: python svc/run.py\n"
                        "  model:\n" + server,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "svc/run.py": f"import grpc\nimport requests\n\nreply = {call}\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None, f.suggestion.port if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize(("server", "url", "port"), [
    ("    image: nvcr.io/nvidia/tritonserver:24.05-py3\n    command: tritonserver --model-repository=/models\n",
     "http://localhost:8000/v2/health/ready", 8000),
    ("    image: nvcr.io/nvidia/tritonserver:24.05-py3\n    command: tritonserver --model-repository=/models\n",
     "http://127.0.0.1:8002/metrics", 8002),
    ("    image: vllm/vllm-openai:v0.5.4\n    command: --model org/small-model\n",
     "http://localhost:8000/v1/models", 8000),
    ("    image: ghcr.io/huggingface/text-embeddings-inference:cpu-1.5\n", "http://localhost:80/embed", 80),
    ("    image: ghcr.io/huggingface/text-generation-inference:2.2\n", "http://localhost/generate", 80),
    ("    image: heartexlabs/label-studio:1.13.1\n", "http://localhost:8080/api/projects", 8080),
    ("    image: ghcr.io/chroma-core/chroma:0.5.5\n", "http://localhost:8000/api/v1/heartbeat", 8000),
])
def test_a_loopback_address_of_the_image_port_is_that_service(tmp_path, server, url, port):
    assert _findings(tmp_path, server, f'requests.get("{url}")') == [("DW101", "model", port)]


def test_the_grpc_port_of_the_vector_store_is_that_service(tmp_path):
    assert _findings(tmp_path, "    image: cr.weaviate.io/semitechnologies/weaviate:1.25.0\n",
                     'grpc.insecure_channel("localhost:50051")') == [("DW101", "model", 50051)]


def test_a_port_the_image_does_not_serve_is_still_the_host(tmp_path):
    found = _findings(tmp_path, "    image: vllm/vllm-openai:v0.5.4\n", 'requests.get("http://localhost:9999/x")')
    assert found == [("DW101", "host.docker.internal", 9999)]


def test_the_service_at_the_image_port_is_right(tmp_path):
    assert _findings(tmp_path, "    image: heartexlabs/label-studio:1.13.1\n",
                     'requests.get("http://model:8080/api/projects")') == []
