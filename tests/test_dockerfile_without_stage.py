"""A file named like a Dockerfile that holds no FROM instruction (a copy of the Compose file
saved as ``dockerfile``, notes) builds no image: ``docker build`` stops with "no build stage
in current context".  No container runs the code beside it, so nothing there is judged as a
Dockerfile-only container; a real Dockerfile beside the same code still is."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

COMPOSE = "services:\n  broker:\n    image: eclipse-mosquitto:2\n    ports: ['1883:1883']\n"
APP = 'import redis\n\ncache = redis.Redis(host="localhost", port=6379)\ncache.ping()\n'


def findings(tmp_path, dockerfile: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "docker-compose.yml": COMPOSE,
        "dockerfile": dockerfile,
        "app.py": APP,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_dockerfile_named_file_without_from_makes_no_container(tmp_path):
    assert findings(tmp_path, COMPOSE) == []


def test_an_empty_dockerfile_makes_no_container(tmp_path):
    assert findings(tmp_path, "# to do\n") == []


def test_a_real_dockerfile_beside_the_code_still_makes_one(tmp_path):
    dockerfile = 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/app.py"]\n'
    assert findings(tmp_path, dockerfile) == [("app.py", 3, "DW101")]
