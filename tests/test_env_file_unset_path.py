"""An env_file path built from a variable that has no value (``${APP_DIR}/.env`` where the
project's .env is not in the tree, an .env.example standing for it) is a file the operator
places: the service's variables from it are unknown, not an 'outside the project root' error
of a valid project.  A literal path that leaves the root is still refused."""
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


def test_a_literal_env_file_outside_the_root_is_still_refused(tmp_path):
    assert any("outside the project root" in m for m in errors(tmp_path, "/etc/app.env"))
