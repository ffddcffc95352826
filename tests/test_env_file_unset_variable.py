"""An ``env_file`` entry written with a variable that has no value here (``env_file: ${ENV}``,
set by the project's own ``.env``, which is not in the tree) names a file dockwise cannot know:
the container's environment is unknown, and the Compose file is not wrong. Its empty path used
to be read as the project directory: "env_file : not a regular file", exit status 2. A literal
entry that names a directory is still reported."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout
from tests.conftest import make

_APP = "import os\nimport redis\nredis.Redis(host=os.environ.get('CACHE_HOST', 'localhost'))\n"


def _compose(env_file: str) -> str:
    return ("services:\n  api:\n    build: .\n    command: python app.py\n"
            f"    env_file:\n      - {env_file}\n  cache:\n    image: redis\n")


def _errors(tmp_path: Path) -> list[str]:
    return [e.message for e in run_check([tmp_path], Config(cache=False)).errors]


def test_an_env_file_of_an_unset_variable_is_unknown_not_an_error(tmp_path):
    make(tmp_path, {"compose.yaml": _compose("${ENV}"), "Dockerfile": "FROM python:3.12\nCOPY . /app\nWORKDIR /app\n",
                    "app.py": _APP}, git=True)
    assert _errors(tmp_path) == []
    api = next(s for p in load_layout(tmp_path, default_knowledge()).projects for s in p.services if s.name == "api")
    assert api.env_unknown


def test_a_literal_env_file_naming_a_directory_is_still_an_error(tmp_path):
    make(tmp_path, {"compose.yaml": _compose("conf"), "conf/x": "", "Dockerfile": "FROM python:3.12\n",
                    "app.py": _APP}, git=True)
    assert any("not a regular file" in m for m in _errors(tmp_path))
