"""A Dockerfile that puts the image's own variant of a module in place of the one the tree
keeps for running on the host (``RUN cp config_docker.py config.py``, ``RUN mv
settings.docker.py settings.py``, after the COPY that brought both) runs the variant: the
host module's ``localhost`` is not in the container. As a later ``COPY config_docker.py
/app/config.py`` already was. A RUN before the COPY, a bind mount of the tree over the
directory (the image's file hidden), or a path written with a variable keep the finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

MAIN = "import redis\n\nfrom config import REDIS_HOST\n\nredis.Redis(host=REDIS_HOST, port=6379).ping()\n"


def flagged(tmp_path: Path, dockerfile: str, volumes: str = "") -> list[str]:
    compose = "services:\n  app:\n    build: .\n" + volumes + "  redis:\n    image: redis:7\n"
    files = {"compose.yaml": compose, "Dockerfile": dockerfile, "main.py": MAIN,
             "config.py": 'REDIS_HOST = "localhost"\n', "config_docker.py": 'REDIS_HOST = "redis"\n'}
    make(tmp_path, files, git=True)
    return [f.span.path for f in run_check([tmp_path], Config(cache=False)).findings]


@pytest.mark.parametrize("steps", [
    "COPY . /app/\nWORKDIR /app\nRUN mv config_docker.py config.py\n",
    "WORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir redis && cp -f config_docker.py config.py\n",
    "COPY . /app/\nRUN cd /app && cp config_docker.py config.py\nWORKDIR /app\n",
    "WORKDIR /app\nCOPY . .\nRUN mkdir -p etc; cp /app/config_docker.py \\\n    /app/config.py\n",
])
def test_the_module_put_in_place_of_the_host_one_runs(tmp_path, steps):
    assert flagged(tmp_path, f'FROM python:3.12-slim\n{steps}CMD ["python", "main.py"]\n') == []


@pytest.mark.parametrize("steps", [
    "RUN mkdir /app && echo x > /app/config_docker.py && cp /app/config_docker.py /app/config.py\nCOPY . /app/\nWORKDIR /app\n",
    "COPY . /app/\nWORKDIR /app\nARG VARIANT=docker\nRUN cp config_${VARIANT}.py config.py\n",
    "COPY . /app/\nWORKDIR /app\nRUN cp config.py config_docker.py\n",
])
def test_the_host_module_still_runs(tmp_path, steps):
    assert flagged(tmp_path, f'FROM python:3.12-slim\n{steps}CMD ["python", "main.py"]\n') == ["config.py"]


def test_a_bind_mount_of_the_tree_hides_what_the_build_moved(tmp_path):
    dockerfile = 'FROM python:3.12-slim\nCOPY . /app/\nWORKDIR /app\nRUN mv config_docker.py config.py\nCMD ["python", "main.py"]\n'
    assert flagged(tmp_path, dockerfile, "    volumes:\n      - .:/app\n") == ["config.py"]
