"""A Dockerfile that copies nothing (a development image: its Compose file, not read here,
bind-mounts the code) but whose start command names a file by a path inside its WORKDIR
(``CMD ["./bin/serve"]`` with ``WORKDIR /srv``) that its build context holds at that place
(``bin/serve``): the image runs only where the context lands at the WORKDIR, so the start
command is followed there. Before, its code was "unknown" and every file beside it was
judged, ``__main__`` blocks included: an ``app.run(host="localhost")`` that runs only as
``python app.py`` was DW201 in a container that serves the app with gunicorn."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = """\
import redis
from flask import Flask

app = Flask(__name__)
cache = redis.Redis(host="localhost", port=6379)


@app.get("/")
def index():
    return str(cache.get("hits"))


if __name__ == "__main__":
    app.run(host="localhost", port=7004)
"""


def _findings(tmp_path: Path, cmd: str, files: dict[str, str] | None = None) -> list[tuple[str, int]]:
    make(tmp_path, {
        "Dockerfile": f"FROM python:3.12-slim\nWORKDIR /srv\nRUN pip install flask gunicorn redis\nCMD {cmd}\n",
        "app.py": APP,
        "bin/serve": "#!/bin/sh\nexec gunicorn --bind 0.0.0.0:7004 app:app\n",
        **(files or {}),
    }, git=True)
    return sorted((f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_start_script_of_the_context_is_followed_at_the_workdir(tmp_path):
    # gunicorn imports app.py: its module-level client dials, its __main__ block never runs
    assert _findings(tmp_path, '["./bin/serve"]') == [("DW101", 5)]


def test_an_absolute_path_inside_the_workdir_counts_too(tmp_path):
    assert _findings(tmp_path, '["sh", "/srv/bin/serve"]') == [("DW101", 5)]


def test_a_script_run_as_main_still_runs_its_main_block(tmp_path):
    assert _findings(tmp_path, '["python", "app.py"]') == [("DW101", 5), ("DW201", 14)]


def test_a_start_file_the_context_does_not_hold_keeps_every_file_judged(tmp_path):
    # nothing says where the code lands: the files beside the Dockerfile are judged, as before
    assert _findings(tmp_path, '["./run/start"]') == [("DW101", 5), ("DW201", 14)]
