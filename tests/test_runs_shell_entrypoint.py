"""A shell-form ENTRYPOINT runs under ``sh -c``: Docker hands it the CMD (or Compose's
``command``) as the shell's positional parameters, which it drops unless it passes them on
(``ENTRYPOINT /start.sh $0 $@``).  Where it does, the command it runs is the script with
those words."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout
from dockwise.runs import ProjectFiles, build_runs
from tests.conftest import make

LOOPBACK = 'import redis\n\nr = redis.Redis(host="localhost", port=6379)\n'


def _modules(tmp_path: Path, entrypoint: str, compose_command: str = "") -> dict[str, tuple[str, ...]]:
    files = {
        "compose.yaml": f"services:\n  api:\n    build: .\n{compose_command}",
        "Dockerfile": ("FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"
                       "COPY ops/start.sh /start.sh\n"
                       f"ENTRYPOINT {entrypoint}\n"
                       'CMD ["uvicorn", "shop.web:app", "--host", "0.0.0.0"]\n'),
        "ops/start.sh": "#!/bin/sh\nset -e\nexec \"$@\"\n",
        "shop/__init__.py": "", "shop/web.py": "from shop import cache\n", "shop/cache.py": LOOPBACK,
        "shop/batch.py": "from shop import cache\n",
    }
    make(tmp_path, files, git=True)
    k = default_knowledge()
    runs = build_runs(load_layout(tmp_path, k), k, ProjectFiles(tmp_path))
    return {r.service.name: tuple(r.modules) for r in runs.services}


@pytest.mark.parametrize("entrypoint", ["/start.sh $0 $@", '/start.sh "$0" "$@"', "exec /start.sh $0 ${@}"])
def test_a_shell_entrypoint_passing_its_parameters_runs_the_cmd(tmp_path, entrypoint):
    assert "shop/web.py" in _modules(tmp_path, entrypoint)["api"]


def test_a_shell_entrypoint_passing_its_parameters_runs_the_compose_command(tmp_path):
    modules = _modules(tmp_path, "/start.sh $0 $@", "    command: python -m shop.batch\n")["api"]
    assert "shop/batch.py" in modules and "shop/web.py" not in modules


def test_a_shell_entrypoint_that_drops_its_parameters_ignores_the_cmd(tmp_path):
    assert "shop/web.py" not in _modules(tmp_path, "/start.sh")["api"]
