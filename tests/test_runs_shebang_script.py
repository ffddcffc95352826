"""A start command whose program is a script of the tree with no telling name
(``/srv/ops/launch start-web``: no ``.sh``, not called an entrypoint) is read by its ``#!``
line, as the kernel runs it: a shell script's commands (through its functions and the arm
its argument selects) and a Python script are followed, instead of the whole tree being
judged for want of a readable start command."""
from __future__ import annotations

from pathlib import Path

from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout
from dockwise.runs import ProjectFiles, build_runs
from tests.conftest import make

LAUNCH = '''#!/bin/bash
what=$1
shift

_web() {
  python -m shop.web --port 8000
}

case $what in
  start-web) _web ;;
  *) exec $what "$@" ;;
esac
'''


def _runs(tmp_path: Path, launch: str, command: str = "/srv/ops/launch start-web"):
    make(tmp_path, {
        "compose.yaml": f"services:\n  web:\n    build: .\n    command: {command}\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\n",
        "ops/launch": launch,
        "shop/__init__.py": "",
        "shop/web.py": "import os\n",
        "tools/seed.py": 'import redis\nredis.Redis(host="localhost")\n',
    }, git=True)
    k = default_knowledge()
    runs = build_runs(load_layout(tmp_path, k), k, ProjectFiles(tmp_path))
    return next(r for r in runs.services if r.service.name == "web")


def test_a_shell_script_named_by_its_path_is_followed(tmp_path):
    r = _runs(tmp_path, LAUNCH)
    assert r.mode == "closure"
    assert "shop/web.py" in r.modules and "tools/seed.py" not in r.modules


def test_a_file_without_a_shebang_stays_unknown(tmp_path):
    # a file the kernel could not run as a script is no program read here: the fallback stays
    r = _runs(tmp_path, LAUNCH.replace("#!/bin/bash\n", ""))
    assert r.mode != "closure"
