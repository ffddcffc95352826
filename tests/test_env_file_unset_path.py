"""An env_file path built from a variable that has no value (``${APP_DIR}/.env`` where the
project's .env is not in the tree, an .env.example standing for it) is a file the operator
places: the service's variables from it are unknown, not an 'outside the project root' error
of a valid project.  Nor is a literal path that leaves the root (an absolute path on the
deploy host): never opened, a warning, its variables unknown."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


def errors(tmp_path, env_file: str) -> list[str]:
    make(tmp_path, {
        "deploy/compose.yaml": f"services:\n  web:\n    image: shop/web:1\n    env_file:\n      - {env_file}\n",
        "deploy/.env.example": "APP_DIR=../\n",
    }, git=True)
    return [e.message for e in run_check([tmp_path], Config(cache=False)).errors]


def test_an_env_file_under_an_unset_variable_is_no_error(tmp_path):
    assert errors(tmp_path, "${APP_DIR}/.env") == []


def test_a_literal_env_file_outside_the_root_is_not_read_and_no_error(tmp_path):
    # an absolute path on the deploy host is valid Compose: a warning, never opened, its
    # variables unknown (tests/hostile/test_hostile_confinement.py watches that it is not opened)
    assert errors(tmp_path, "/etc/app.env") == []
    assert errors(tmp_path, "../../outside.env") == []


def test_its_variables_are_unknown(tmp_path):
    # a fallback of a variable that file may set is not judged, as for a missing env_file
    make(tmp_path, {
        "compose.yaml": ("services:\n  web:\n    build: .\n    command: python app.py\n"
                         "    env_file:\n      - path: /etc/app/app.env\n        required: false\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app.py": 'import os\nimport redis\n\nr = redis.Redis.from_url(os.getenv("REDIS_URL", "redis://localhost:6379"))\n',
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert list(result.active) == [] and list(result.errors) == []
    assert any("outside the project root: not read" in w[2] for w in result.warnings)
