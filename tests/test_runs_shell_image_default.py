"""A Compose service of a distribution base image (ubuntu, debian, alpine...), or built FROM
one by a Dockerfile that sets no CMD and no ENTRYPOINT, that names no command of its own
starts the image's default command, a shell: no Python of the project runs there (a data-only
container others take volumes from, a tooling image run by hand).  Its files are not judged
as if it ran them.  A command given in Compose or the Dockerfile still runs what it names."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

JOB = ('from sqlalchemy import create_engine\n\n'
       'engine = create_engine("postgresql://ops:secret@localhost:5432/inventory")\n')


def findings(tmp_path, files: dict[str, str]) -> list[tuple[str, int, str, tuple[str, ...]]]:
    make(tmp_path, {"job.py": JOB, **files}, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code, tuple(f.services))
            for f in run_check([tmp_path], Config(cache=False)).active]


def compose(service: str) -> str:
    return "services:\n  pg:\n    image: postgres:16\n" + service


def test_a_service_built_from_a_distribution_image_without_a_command_runs_none_of_it(tmp_path):
    files = {"Dockerfile": "FROM debian:bookworm-slim\nRUN apt-get update\nCOPY . /srv/tools\n",
             "compose.yaml": compose("  toolbox:\n    build: .\n")}
    assert findings(tmp_path, files) == []


def test_an_alpine_service_with_mounted_code_and_no_command_runs_none_of_it(tmp_path):
    files = {"compose.yaml": compose("  scratchpad:\n    image: alpine:3.20\n    volumes:\n      - .:/work\n")}
    assert findings(tmp_path, files) == []


def test_a_compose_command_on_the_same_image_is_still_judged(tmp_path):
    files = {"Dockerfile": "FROM debian:bookworm-slim\nRUN apt-get update\nCOPY . /srv/tools\n",
             "compose.yaml": compose("  toolbox:\n    build: .\n    command: python3 /srv/tools/job.py\n")}
    assert findings(tmp_path, files) == [("job.py", 3, "DW101", ("toolbox",))]


def test_a_dockerfile_command_on_a_distribution_image_is_still_judged(tmp_path):
    files = {"Dockerfile": "FROM ubuntu:24.04\nCOPY . /srv/tools\nCMD [\"python3\", \"/srv/tools/job.py\"]\n",
             "compose.yaml": compose("  toolbox:\n    build: .\n")}
    assert findings(tmp_path, files) == [("job.py", 3, "DW101", ("toolbox",))]
