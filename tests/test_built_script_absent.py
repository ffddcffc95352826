"""A start command naming a shell script the built image does not hold.

A service built FROM a stock distribution image whose Dockerfile copies a directory of the tree
to ``/opt/suite``, started as ``/opt/suite/checks/run.sh`` where that directory holds no
``checks/run.sh``: the container exits at start ("no such file or directory") and runs none of
the project's files, so it is not judged on every file it holds.  The sibling service that
starts a script the image does hold is still judged, and a build step that may write the
missing script (a COPY of a source the checkout lacks landing above it, a RUN that names it)
keeps the container judged on every file it holds."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = """FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip
COPY ./suite /opt/suite
COPY ./extras/plugin /opt/plugin
@EXTRA@CMD ["/opt/suite/start.sh"]
"""

START = """#!/bin/sh
exec python3 /opt/suite/consumer.py
"""

CONSUMER = """import pika

conn = pika.BlockingConnection(pika.URLParameters("amqp://guest:guest@localhost:5672/"))
conn.channel()
"""

COMPOSE = """services:
  checker:
    build: .
    command: /opt/suite/checks/run.sh
  consumer:
    build: .
    command: /opt/suite/start.sh
  queue:
    image: rabbitmq:3
"""


def findings(tmp_path: Path, extra: str = "", plugin: bool = False) -> list[tuple[str, int, str, str]]:
    tree = {
        "compose.yaml": COMPOSE,
        "Dockerfile": DOCKERFILE.replace("@EXTRA@", extra),
        "suite/start.sh": START,
        "suite/consumer.py": CONSUMER,
        "suite/checks/README.txt": "run by hand\n",
    }
    if plugin:
        tree["extras/plugin/__init__.py"] = ""
    make(tmp_path, tree, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((str(f.span.path), f.span.line, f.code, ",".join(f.services))
                  for f in result.active)


def test_a_script_the_image_does_not_hold_runs_nothing(tmp_path):
    # the copied source of the plugin is absent (a submodule not checked out), but it lands
    # elsewhere: it cannot be the script
    assert findings(tmp_path) == [("suite/consumer.py", 3, "DW101", "consumer")]


def test_a_copy_of_an_absent_source_above_the_script_keeps_the_fallback(tmp_path):
    extra = "COPY ./generated /opt/suite/checks\n"
    assert findings(tmp_path, extra=extra) == [("suite/consumer.py", 3, "DW101", "checker,consumer")]


def test_a_run_naming_the_script_keeps_the_fallback(tmp_path):
    # (a program writes it: a script written out whole, `RUN printf '...' > run.sh`, is read
    # from the Dockerfile instead, runs/inlinescript.py)
    extra = "RUN sed -e 's/@ROLE@/checks/' /opt/suite/start.sh > /opt/suite/checks/run.sh\n"
    assert findings(tmp_path, extra=extra, plugin=True) == [
        ("suite/consumer.py", 3, "DW101", "checker,consumer")]
