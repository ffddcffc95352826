"""A server started as the container's program (``uvicorn src.web.main:app``) imports its
application module from its working directory.  Where that directory is a bind mount of a
directory of the tree that holds no such package (no ``src/``, no ``src.py``), and no file of
the project anywhere could be it, the import fails at start and none of the project's files
runs there: the container is not judged on every file it holds (the fallback of a start
command that cannot be followed), so a scratch script beside the code is not charged to it.
What the image's build copies under the mount (``COPY src/ .``, a source the checkout lacks)
is hidden by the mount (a working directory the build alone fills keeps the fallback).  An option that may put another directory on the import path, or a
file of the project at that path, keeps the fallback; a module that is there is followed."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

_DIAL = 'import requests\n\nrequests.get("http://localhost:9300/ping", timeout=2)\n'


def _findings(tmp_path: Path, *, app: str = "src.web.main:app", extra: str = "", mount: bool = True,
              files: dict[str, str] | None = None) -> list[tuple[str, str]]:
    tree = {
        "compose.yaml": (
            "services:\n"
            "  api:\n    build: ./api\n    ports:\n      - 8080:8080\n"
            f"    command: uvicorn {app} --host 0.0.0.0 --port 8080{extra}\n"
            + ("    volumes:\n      - ./api:/srv\n" if mount else "")),
        "api/Dockerfile": ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt .\n"
                           "RUN pip install -r requirements.txt\n" + ("COPY src/ .\n" if mount else "COPY . .\n")),
        "api/requirements.txt": "fastapi\nuvicorn\nrequests\n",
        "api/web/__init__.py": "",
        "api/web/main.py": "from fastapi import FastAPI\n\nfrom web import probe  # noqa: F401\n\napp = FastAPI()\n",
        "api/web/probe.py": _DIAL,
        "api/scratch/try_dial.py": _DIAL,
    }
    tree.update(files or {})
    make(tmp_path, tree, git=True)
    return sorted((f.code, f.span.path) for f in run_check([tmp_path], Config(cache=False)).active)


def test_an_app_module_the_mounted_tree_lacks_runs_nothing(tmp_path):
    assert _findings(tmp_path) == []


def test_a_module_that_is_there_is_followed(tmp_path):
    assert _findings(tmp_path, app="web.main:app") == [("DW101", "api/web/probe.py")]


@pytest.mark.parametrize("case", [
    {"extra": " --app-dir /opt/code"},  # another directory on the import path
    {"files": {"api/vendor/src/web/main.py": "app = None\n"}},  # a file of the project may be it
    {"mount": False},  # the build alone fills the working directory
])
def test_the_fallback_stays_where_the_module_may_be_found(tmp_path, case):
    assert _findings(tmp_path, **case) == [("DW101", "api/scratch/try_dial.py"), ("DW101", "api/web/probe.py")]
