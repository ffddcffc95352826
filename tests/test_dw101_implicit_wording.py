"""A container run from a Dockerfile that no Compose service builds has no service to
suggest: the message says why, and does not claim the tree declares no Compose service where
its Compose files run other images."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "main.py"]\n'
MAIN = 'import requests\n\nrequests.post("http://localhost:5005/convert", json={})\n'


def messages(tmp_path: Path, files: dict[str, str]) -> list[str]:
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return [f.message for f in result.active if f.code == "DW101"]


def test_a_tree_whose_compose_file_runs_other_images(tmp_path):
    files = {"compose.yaml": "services:\n  db:\n    image: postgres:16\n",
             "tool/Dockerfile": DOCKERFILE, "tool/main.py": MAIN}
    [message] = messages(tmp_path, files)
    assert "No Compose service runs this image: a server on the Docker host is `host.docker.internal:5005`" in message
    assert "declared" not in message


def test_a_tree_without_compose_files(tmp_path):
    [message] = messages(tmp_path, {"Dockerfile": DOCKERFILE, "main.py": MAIN})
    assert "No Compose service is declared: a server on the Docker host is `host.docker.internal:5005`" in message
