"""A value bound only in a branch that runs while a variable is unset (``if not
os.getenv("STORE_HOST"): STORE_HOST = "localhost"``) is the fallback that
``os.getenv("STORE_HOST", "localhost")`` writes as a default.  In a container whose
environment is unknown (its env_file is not in the tree, a gitignored ``.env``), the default
form is not reported: the unread file may set the variable.  The branch form is judged the
same.  A known environment that leaves the variable unset still gets the finding, and so does
a branch on another condition (a mode flag)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.flow.gates import Gate, unset_fallback
from tests.conftest import make

APP = "import psycopg\n\nfrom settings import STORE_HOST\n\npsycopg.connect(host=STORE_HOST, port=5432)\n"


def _codes(tmp_path: Path, settings: str, service_env: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  ledger:\n    image: postgres:16\n"
                         f"  billing:\n    build: .\n{service_env}"),
        "Dockerfile": 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "main.py"]\n',
        "main.py": APP,
        "settings.py": settings,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.span.line, f.code) for f in result.active)


UNREAD = "    env_file: [billing.env]\n"  # not committed: the environment is unknown
KNOWN = "    environment: [TZ=UTC]\n"

BRANCHES = [
    'STORE_HOST = os.getenv("STORE_HOST")\nif not os.getenv("STORE_HOST"):\n    STORE_HOST = "localhost"\n',
    'STORE_HOST = os.getenv("STORE_HOST")\nif not STORE_HOST:\n    STORE_HOST = "localhost"\n',
    'STORE_HOST = os.environ.get("STORE_HOST")\nif STORE_HOST is None:\n    STORE_HOST = "localhost"\n',
    'if "STORE_HOST" not in os.environ:\n    STORE_HOST = "localhost"\nelse:\n    STORE_HOST = os.environ["STORE_HOST"]\n',
    'if os.getenv("STORE_HOST"):\n    STORE_HOST = os.environ["STORE_HOST"]\nelse:\n    STORE_HOST = "localhost"\n',
]


@pytest.mark.parametrize("branch", BRANCHES)
def test_an_unset_branch_is_a_fallback_where_the_environment_is_unknown(tmp_path, branch):
    assert _codes(tmp_path, "import os\n" + branch, UNREAD) == []


@pytest.mark.parametrize("branch", BRANCHES)
def test_a_known_environment_leaving_the_variable_unset_runs_the_branch(tmp_path, branch):
    found = _codes(tmp_path, "import os\n" + branch, KNOWN)
    assert [(p, c) for p, _, c in found] == [("settings.py", "DW101")]


def test_a_branch_on_a_mode_flag_is_no_fallback(tmp_path):
    settings = ('import os\nSTORE_HOST = os.getenv("STORE_HOST")\n'
                'if os.getenv("RUN_MODE") == "local":\n    STORE_HOST = "localhost"\n')
    assert [(p, c) for p, _, c in _codes(tmp_path, settings, UNREAD)] == [("settings.py", "DW101")]


def test_a_branch_on_an_unset_flag_is_no_fallback_of_the_address(tmp_path):
    """The flag's name holds no address (rules/names.yaml ``target``): the loopback value is
    no default of a variable the unread file may set."""
    settings = ('import os\nif "REMOTE_STORE" not in os.environ:\n    STORE_HOST = "localhost"\n'
                'else:\n    STORE_HOST = os.environ["STORE_HOST"]\n')
    assert [(p, c) for p, _, c in _codes(tmp_path, settings, UNREAD)] == [("settings.py", "DW101")]


def test_unset_fallback_reads_only_absence_checks():
    env = ("env", "X", None, ())
    assert unset_fallback(Gate(("not", ("truth", env)))) == "X"
    assert unset_fallback(Gate(("truth", env), taken=False)) == "X"
    assert unset_fallback(Gate(("eq", env, (None,)))) == "X"
    assert unset_fallback(Gate(("not", ("set", "X")))) == "X"
    assert unset_fallback(Gate(("truth", env))) is None  # runs where X is set
    assert unset_fallback(Gate(("eq", env, ("local",)))) is None
    assert unset_fallback(Gate(("not", ("truth", ("env", "X", "on", ()))))) is None  # a default that is set
