"""A console script a uv workspace member declares is followed like the root project's."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SDK = 'import os\nimport requests\n\ndef ping():\n    return requests.get(os.getenv("API_URL", "http://localhost:5670/ping"))\n'


def _flagged(tmp_path: Path, cli: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n    command: apptool serve\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\nRUN pip install /srv\n",
        "pyproject.toml": '[project]\nname = "stack"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
        "packages/core/pyproject.toml": '[project]\nname = "core"\n\n[project.scripts]\napptool = "core.cli:main"\n',
        "packages/core/src/core/__init__.py": "",
        "packages/core/src/core/cli.py": cli,
        "packages/sdk/pyproject.toml": '[project]\nname = "sdk"\n',
        "packages/sdk/src/sdk/__init__.py": "",
        "packages/sdk/src/sdk/client.py": SDK,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.code) for f in result.active)


def test_a_members_console_script_is_the_entry_point_not_every_file(tmp_path):
    # without the member's script the start command is unknown and every file is judged,
    # the client SDK's default included
    assert _flagged(tmp_path, "def main():\n    print('serving')\n") == []


def test_what_the_members_script_imports_is_judged(tmp_path):
    cli = "from sdk.client import ping\n\ndef main():\n    ping()\n"
    assert _flagged(tmp_path, cli) == [("packages/sdk/src/sdk/client.py", "DW101")]
