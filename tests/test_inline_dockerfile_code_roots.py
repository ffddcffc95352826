"""A service built from a Dockerfile written in the Compose file (`build: {context: .,
dockerfile_inline: ...}`) holds what that Dockerfile's COPY/ADD lines take from the context,
not the whole context: one that only installs packages (a database image given a seed
script it writes itself) holds none of the project's Python beside it."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

PRODUCER = 'import pika\n\nconn = pika.BlockingConnection(pika.ConnectionParameters(host="localhost"))\n'


def compose(inline: str) -> str:
    body = "".join(f"        {line}\n" for line in inline.splitlines())
    return ("services:\n"
            "  store:\n"
            "    build:\n"
            "      context: .\n"
            "      dockerfile_inline: |\n"
            f"{body}"
            "  queue:\n"
            "    image: rabbitmq:3.13\n")


def flagged(tmp_path: Path, inline: str) -> list[tuple[str, str, str]]:
    make(tmp_path, {"compose.yaml": compose(inline), "produce.py": PRODUCER}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, f.service or "") for f in result.active)


def test_an_inline_dockerfile_that_copies_nothing_holds_no_project_code(tmp_path):
    inline = ("FROM mongodb/mongodb-community-server:7.0-ubuntu2204\n"
              "RUN echo 'db.createCollection(\"x\")' > /tmp/seed.js\n"
              'ENTRYPOINT ["/bin/bash"]\n'
              'CMD ["-c", "python3 /usr/local/bin/docker-entrypoint.py mongod"]\n')
    assert flagged(tmp_path, inline) == []


def test_an_inline_dockerfile_that_copies_the_script_holds_it(tmp_path):
    inline = "FROM python:3.12-slim\nRUN pip install pika\nCOPY produce.py /app/\n"
    assert flagged(tmp_path, inline) == [("produce.py", "DW101", "store")]
