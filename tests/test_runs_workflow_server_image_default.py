"""A service of the n8n image (or one built FROM it) that names no command starts n8n's own
Node server: the image's entrypoint, ``tini -- /docker-entrypoint.sh``, execs ``n8n``
(``rules/frameworks.yaml`` image_entrypoints serves_by_default).  Python helper scripts the
build copies beside the workflows, or the project mounts there, are not what the container
starts, so their ``__main__`` demos are not judged for it.  A Python service beside it is
judged as before, and an entrypoint of the project's own on that image is still read."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = """\
services:
  flows:
    {flows}
    ports: ["5678:5678"]
  cache:
    image: redis:7-alpine
  fetcher:
    build: ./fetcher
    command: python poll.py
"""
FLOWS_DOCKERFILE = """\
FROM {base}
USER root
RUN apk add --no-cache chromium
COPY --chown=node:node helpers /home/node/.n8n/helpers/
USER node
{tail}"""
THROTTLE = """\
import time

from redis import Redis


class Throttle:
    def __init__(self, client, per_second):
        self.client = client
        self.per_second = per_second


if __name__ == "__main__":
    demo = Throttle(Redis(host="localhost", port=6379), per_second=2.0)
    print(demo.per_second, time.time())
"""
FETCHER_DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
"""
POLL = """\
from redis import Redis

queue = Redis(host="127.0.0.1", port=6379)
queue.lpush("jobs", "tick")
"""


def _findings(tmp_path: Path, flows: str, tail: str = "", base: str = "n8nio/n8n:1.121.3") -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE.format(flows=flows),
        "Dockerfile.flows": FLOWS_DOCKERFILE.format(base=base, tail=tail),
        "helpers/throttle.py": THROTTLE,
        "fetcher/Dockerfile": FETCHER_DOCKERFILE,
        "fetcher/poll.py": POLL,
    }, git=True)
    return sorted((Path(f.span.path).name, tuple(f.services)) for f in run_check([tmp_path], Config(cache=False)).active)


BUILT = "build: {context: ., dockerfile: Dockerfile.flows}"


def test_a_build_from_the_n8n_image_without_a_command_runs_none_of_its_scripts(tmp_path):
    assert _findings(tmp_path, BUILT) == [("poll.py", ("fetcher",))]


def test_the_n8n_image_with_the_scripts_mounted_runs_none_of_them(tmp_path):
    flows = "image: docker.n8n.io/n8nio/n8n:latest\n    volumes: [\"./helpers:/home/node/.n8n/helpers\"]"
    assert _findings(tmp_path, flows) == [("poll.py", ("fetcher",))]


def test_an_entrypoint_of_the_projects_own_on_the_n8n_image_is_still_read(tmp_path):
    tail = 'ENTRYPOINT ["python3", "/home/node/.n8n/helpers/throttle.py"]\n'
    assert _findings(tmp_path, BUILT, tail) == [("poll.py", ("fetcher",)), ("throttle.py", ("flows",))]
