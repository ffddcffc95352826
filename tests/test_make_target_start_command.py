"""A Compose command ``make TARGET`` runs the recipe lines of that rule of the Makefile in the
container's working directory (``rules/frameworks.yaml`` make_programs, runs/makefile.py): the
Python those lines start runs there, and its dials are judged.  A target whose recipe starts
only other programs, a Makefile the container does not hold and a target with no rule of its
own run none of the project's Python, as before."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /code\nCOPY . .\nRUN pip install redis\n"
MAKEFILE = """\
PY = python3

.PHONY: wait serve assets

wait:
\t@$(PY) tools/wait.py

serve: wait
\t$(PY) -m shop.worker

assets:
\tnpm run build

lint:
\tmypy shop

check: lint
\t$(PY) -m shop.worker
"""
WORKER = "import redis\n\nstore = redis.Redis(host='localhost', port=6379)\n\n\ndef main():\n    store.ping()\n"


def _compose(command: str) -> str:
    return f"services:\n  worker:\n    build: .\n    command: {command}\n  cache:\n    image: redis:7\n"


def _found(tmp_path: Path, command: str, makefile: str | None = MAKEFILE) -> list[tuple[str, str, int]]:
    files = {
        "compose.yaml": _compose(command),
        "Dockerfile": DOCKERFILE,
        "shop/__init__.py": "",
        "shop/worker.py": WORKER,
        "shop/__main__.py": "from shop.worker import main\n\nmain()\n",
        "tools/wait.py": "import time\n\ntime.sleep(1)\n",
        "tools/probe.py": "import requests\n\nrequests.get('http://localhost:9000/ping')\n",
    }
    if makefile is not None:
        files["Makefile"] = makefile
    make(tmp_path, files, git=True)
    return sorted((f.code, f.span.path, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active)


def test_the_targets_recipe_runs_in_the_container(tmp_path):
    assert _found(tmp_path, "make serve") == [("DW101", "shop/worker.py", 3)]


def test_a_program_of_a_recipe_not_understood_is_no_evidence(tmp_path):
    # `mypy` is no program dockwise knows: the container is not judged on every file it holds
    # (tools/probe.py, shop/worker.py), only on what the recipe is seen to run
    assert _found(tmp_path, "make lint") == []
    assert _found(tmp_path, "make check") == [("DW101", "shop/worker.py", 3)]


def test_a_target_that_runs_other_programs_runs_no_python(tmp_path):
    assert _found(tmp_path, "make assets") == []


def test_a_target_without_a_rule_runs_nothing_known(tmp_path):
    assert _found(tmp_path, "make deploy") == []


def test_without_a_makefile_make_runs_nothing(tmp_path):
    assert _found(tmp_path, "make serve", makefile=None) == []


def test_the_readers():
    from dockwise.runs.makefile import make_arguments, recipe_script

    assert make_arguments(("-C", "/srv", "serve", "PY=python3.12", "-j4"), ("-C", "-j")) == \
        (None, "/srv", ["serve"], {"PY": "python3.12"})
    # prerequisites first, prefixes dropped, variables filled in (the command line's win)
    assert recipe_script(MAKEFILE, ["serve"], {"PY": "python3.12"}) == \
        "python3.12 tools/wait.py\npython3.12 -m shop.worker"
    # no target: the first rule that is not special
    assert recipe_script(MAKEFILE, [], {}) == "python3 tools/wait.py"
    assert recipe_script("X := 1\nrun: ; echo $$HOME $(X)\n", ["run"], {}) == "echo $HOME 1"
    assert recipe_script(MAKEFILE, ["missing"], {}) is None
    # both arms of a conditional inside a rule
    assert recipe_script("up:\nifeq ($(X), 1)\n\tpython a.py\nelse\n\tpython b.py\nendif\n", [], {}) == \
        "python a.py\npython b.py"
