"""A project a build stage installs with a tool installer (``pipx install .``, ``uv tool
install .``: a venv of its own under the user's ``~/.local``, its console scripts on the
PATH), whose result the final stage copies on (``COPY --from=build /home/app/.local ...``),
is in the container: its console script runs the project's package.

Before, only pip, uv pip, poetry, pdm, setup.py and the build front ends were read as
installing the project; such a container was said to hold no project code, and the
loopback dial of the module its console script imports went unreported."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

LOOPBACK = 'import redis\n\nqueue = redis.Redis(host="localhost", port=6379)\n'

STAGED = ("FROM python:3.12-slim AS build\nRUN useradd -m runner\nCOPY . /work\nWORKDIR /work\n"
          "USER runner\nRUN {install}\n"
          "FROM python:3.12-slim\nRUN useradd -m runner\n"
          "COPY --from=build /home/runner/.local /home/runner/.local\nUSER runner\n"
          'ENV PATH="/home/runner/.local/bin:$PATH"\nENTRYPOINT ["relay"]\n')


def _flagged(tmp_path: Path, install: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  relay:\n    build: .\n    command: [\"drain\"]\n"
                        "  queue:\n    image: redis:7\n",
        "Dockerfile": STAGED.format(install=install),
        "pyproject.toml": '[project]\nname = "relay"\n[project.scripts]\nrelay = "relay.cli:main"\n',
        "relay/__init__.py": "",
        "relay/cli.py": "import sys\n\nfrom relay import backlog\n\n\ndef main():\n    print(backlog.queue, sys.argv)\n",
        "relay/backlog.py": LOOPBACK,
        "relay/spare.py": LOOPBACK,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code) for f in result.active)


@pytest.mark.parametrize("install", ["pipx install .", 'pipx install --pip-args="--no-cache-dir" .',
                                     "uv tool install ."])
def test_a_tool_installed_project_runs_its_console_script(tmp_path, install):
    # the console script's module and what it imports are judged; the module nothing imports is not
    assert _flagged(tmp_path, install) == [("relay/backlog.py", "DW101")]


def test_a_stage_that_installs_only_libraries_holds_no_project_code(tmp_path):
    # `pipx install httpie`: a tool from the index, not the project
    assert _flagged(tmp_path, "pipx install httpie") == []
