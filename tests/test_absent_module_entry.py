"""A container built FROM an interpreter image whose start command is ``python -m pkg.mod``,
where ``pkg`` is a regular package of the project copied to the working directory and that
package holds no ``mod``: the import fails at start ("No module named pkg.mod"), so none of
the project's files runs there, and the container is not judged on every file it holds (the
fallback of a start command that cannot be followed).  A module the package does hold is
followed as ever, and a namespace package (no ``__init__.py``) or a build step that may write
the module keeps the fallback."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_LAUNCH = '''import requests

requests.get("http://localhost:8004/health", timeout=2)
'''


def _findings(tmp_path: Path, *, init: bool = True, run: str = "") -> list[tuple[str, str, tuple[str, ...]]]:
    files = {
        "compose.yaml": (
            "services:\n"
            "  api:\n    build: .\n    command: uvicorn board.main:app --host 0.0.0.0 --port 8004\n"
            "  sweeper:\n    build: .\n"
            "  poller:\n    build: .\n    command: python -m jobs.poll\n"),
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt .\n"
                       f"RUN pip install -r requirements.txt\n{run}COPY . .\n"
                       'CMD ["python", "-m", "jobs.sweep"]\n'),
        "requirements.txt": "requests\nfastapi\nuvicorn\n",
        "board/__init__.py": "",
        "board/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        "jobs/poll.py": "import launch_local  # noqa: F401\n",
        "launch_local.py": _LAUNCH,
    }
    if init:
        files["jobs/__init__.py"] = ""
    make(tmp_path, files, git=True)
    return sorted((f.code, f.span.path, tuple(sorted(f.services)))
                  for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_module_the_copied_package_lacks_runs_nothing(tmp_path):
    assert _findings(tmp_path) == [("DW101", "launch_local.py", ("poller",))]


@pytest.mark.parametrize("case", [
    {"init": False},  # a namespace package: another directory on sys.path may hold the module
    {"run": "RUN python -c \"open('jobs/sweep.py', 'w')\"\n"},  # the build may write it
])
def test_the_fallback_stays_where_the_module_may_be_there(tmp_path, case):
    assert _findings(tmp_path, **case) == [("DW101", "launch_local.py", ("poller", "sweeper"))]
