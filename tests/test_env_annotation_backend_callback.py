"""An annotation server's ML backend library (``label_studio_ml``) calls the server back at
``LABEL_STUDIO_URL`` to fetch the files of the tasks it is sent, without the project's code
naming the variable.  A loopback value in the backend's container is the container itself;
the service's name is right; a container given the value by a shared env file, whose code
imports no such library and names no such variable, reads it nowhere."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def _findings(tmp_path: Path, value: str, imports: str = "from label_studio_ml.model import LabelStudioMLBase",
              extra: str = "") -> list[tuple[str, str | None]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  tagger:\n    build: .\n    command: python srv/main.py\n"
                        f"    environment:\n      LABEL_STUDIO_URL: {value}\n{extra}"
                        "  studio:\n    image: heartexlabs/label-studio:1.13.1\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "srv/main.py": f"{imports}\n\n\nclass Tagger:\n    def predict(self, tasks):\n        return []\n",
    }, git=True)
    return [(f.code, f.suggestion.host if f.suggestion else None)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_loopback_annotation_server_is_the_backend_itself(tmp_path):
    assert _findings(tmp_path, "http://localhost:8080") == [("DW101", "studio")]


def test_the_annotation_service_by_name_is_right(tmp_path):
    assert _findings(tmp_path, "http://studio:8080") == []


def test_the_docker_host_alias_needs_its_gateway_entry(tmp_path):
    assert [code for code, _ in _findings(tmp_path, "http://host.docker.internal:8080")] == ["DW106"]
    extra = "    extra_hosts:\n      - \"host.docker.internal:host-gateway\"\n"
    assert _findings(tmp_path, "http://host.docker.internal:8080", extra=extra) == []


def _shared(tmp_path: Path, imports: str) -> list[str]:
    # the value comes from a .env file every service loads, not from the backend's own settings
    make(tmp_path, {
        "compose.yaml": "services:\n  tagger:\n    build: .\n    command: python srv/main.py\n"
                        "    env_file: .env\n"
                        "  studio:\n    image: heartexlabs/label-studio:1.13.1\n",
        ".env": "LABEL_STUDIO_URL=http://localhost:8080\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "srv/main.py": f"{imports}\n\n\nclass Tagger:\n    def predict(self, tasks):\n        return []\n",
    }, git=True)
    return [f.code for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_shared_value_is_read_where_the_backend_library_runs(tmp_path):
    assert _shared(tmp_path, "from label_studio_ml.model import LabelStudioMLBase") == ["DW101"]


def test_a_shared_value_is_read_nowhere_without_the_backend_library(tmp_path):
    assert _shared(tmp_path, "import json") == []
