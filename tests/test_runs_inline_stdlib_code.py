"""A container whose start command runs only ``python -c`` code that imports the standard
library (a one-off registration call with ``urllib.request``) runs none of the project's
modules: it is not judged on every file its image holds.  Inline code that imports a module of
the project, or may run something else (``subprocess``, ``import_module``), keeps the walk or
the fallback."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "-m", "app.main"]\n'
MAIN = 'import redis\n\nclient = redis.Redis(host="localhost", port=6379)\n'


def _services(tmp_path: Path, code: str) -> list[tuple[str, tuple[str, ...]]]:
    compose = f"""\
services:
  api:
    build: .
  register:
    build: .
    entrypoint: ["/bin/sh", "-c"]
    command:
      - |
        echo "registering"
        python3 -c "
{code}        "
"""
    make(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": compose, "app/__init__.py": "", "app/main.py": MAIN,
                    "app/jobs.py": "import app.main\n"}, git=True)
    return [(f.span.path, f.services) for f in run_check([tmp_path], Config(cache=False)).active]


STDLIB = """\
        import json
        import urllib.request
        req = urllib.request.Request('http://api:8000/register', data=json.dumps({}).encode(), method='POST')
        urllib.request.urlopen(req, timeout=30)
"""


def test_inline_standard_library_code_runs_no_project_file(tmp_path):
    assert _services(tmp_path, STDLIB) == [("app/main.py", ("api",))]


def test_inline_code_importing_the_project_runs_it(tmp_path):
    code = STDLIB + "        import app.jobs\n"
    assert _services(tmp_path, code) == [("app/main.py", ("api", "register"))]


def test_inline_code_that_may_start_another_program_keeps_the_fallback(tmp_path):
    code = STDLIB + "        import subprocess\n        subprocess.run(['python', '-m', 'app.main'])\n"
    assert _services(tmp_path, code) == [("app/main.py", ("api", "register"))]
