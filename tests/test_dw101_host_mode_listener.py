"""Under ``network_mode: host`` a container's loopback is the Docker host's.  A server of
another service that runs in the host's network stack too listens on the host itself, so
``http://127.0.0.1:8003`` reaches it from a host-mode container: no finding.  A server that
listens on the port only inside a Compose network (and publishes nothing there) is still not
on the host's loopback: that finding stays."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SOURCE = 'import os\nimport httpx\n\nAPI = os.getenv("QUOTES_URL", "http://127.0.0.1:8003")\nhttpx.get(API + "/health")\n'


def _findings(tmp_path, api_mode: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "api/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
                          'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8003"]\n',
        "api/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "source/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"main.py\"]\n",
        "source/main.py": SOURCE,
        "compose.yaml": ("services:\n"
                         f"  api:\n    build: ./api\n{api_mode}"
                         "  source:\n    build: ./source\n    network_mode: host\n"),
    }, git=True)
    return [(f.code, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_listener_in_the_host_network_stack_is_on_the_hosts_loopback(tmp_path):
    assert _findings(tmp_path, "    network_mode: host\n") == []


def test_a_listener_only_inside_a_compose_network_is_still_missed(tmp_path):
    assert _findings(tmp_path, "") == [("DW101", ("source",))]
