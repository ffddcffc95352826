"""One finding per line and target: where another container gets another verdict, the message
names it.  Where two Compose files of a directory each define a service of the same name, the
other one is named with its file, and where its fix differs, with its suggestion: "(Also DW101
in `api`.)" beside `[api]` said nothing a reader could act on."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

APP = 'import redis\n\nCACHE = redis.Redis(host="localhost", port=6379)\n'


def test_a_same_named_service_of_another_compose_file_is_named_with_its_file_and_fix(tmp_path):
    make(tmp_path, {
        "app.py": APP,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
        "docker-compose.yml": "services:\n  api:\n    build: .\n  cache:\n    image: redis:7\n",
        "docker-compose.initial.yml": "services:\n  api:\n    build: .\n",
    }, git=True)
    (f,) = run_check([tmp_path], Config(cache=False)).active
    assert f.code == "DW101" and f.services == ("api",)
    assert f.suggestion is not None and f.suggestion.host == "cache"
    assert "(Also DW101 in `api` of `docker-compose.initial.yml`: use `host.docker.internal:6379`.)" in f.message


def test_services_of_one_file_are_named_alone(tmp_path):
    make(tmp_path, {
        "app.py": APP,
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
        "compose.yaml": ("services:\n  web:\n    build: .\n    networks: [back]\n"
                         "  worker:\n    build: .\n    networks: [front]\n"
                         "  cache:\n    image: redis:7\n    networks: [back]\n"
                         "networks:\n  back: {}\n  front: {}\n"),
    }, git=True)
    (f,) = run_check([tmp_path], Config(cache=False)).active
    assert "(Also DW104 in `worker`" in f.message and " of `" not in f.message
