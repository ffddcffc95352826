"""A Compose command that moves into the project before running its start script (``bash -c
"cd /workspace/app && bash scripts/start.sh"``, the project bind-mounted there into a
ready-made image) runs the script found from, and running in, that directory: the Python it
starts (``python3 app/server.py``) resolves from there.  The script was looked for in the
image's working directory instead, not found, and the container fell back to running every
file it holds: a module nothing starts got a finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DIAL = 'import redis\n\nredis.Redis(host="localhost", port=6379).ping()\n'


@pytest.mark.parametrize("run", ["bash scripts/start.sh", "./scripts/start.sh"])
def test_the_script_after_cd_runs_from_that_directory(tmp_path: Path, run: str):
    compose = ("services:\n"
               "  app:\n    image: example/app-runtime:1.0\n"
               f'    command: /bin/bash -c "cd /workspace/app && {run}"\n'
               "    volumes:\n      - ./:/workspace/app\n"
               "  cache:\n    image: redis:7\n")
    make(tmp_path, {"compose.yaml": compose,
                    "scripts/start.sh": "#!/bin/bash\nnohup python3 -u app/server.py > /tmp/server.log 2>&1 &\nwait\n",
                    "app/server.py": DIAL, "app/unused.py": DIAL}, git=True)
    (tmp_path / "scripts/start.sh").chmod(0o755)
    found = sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active)
    assert found == ["app/server.py"]
