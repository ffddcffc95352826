"""A feature switch read from the environment through a converting call
(``ast.literal_eval(os.getenv("SEARCH", "False"))``, ``json.loads``, ``strtobool``,
``bool(int(...))``) is the switch it is: a service that does not set the variable never runs
the branch behind it, and the address there is no finding; a service that turns it on keeps
the finding (``rules/flow.yaml`` env_converters, ``flow/gates.py``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "-m", "catalog.main"]\n'
MAIN = ('import ast\nimport json\nimport os\nfrom distutils.util import strtobool\n\n'
        'import requests\n\n'
        'SEARCH = READ\n\n'
        'if SEARCH:\n'
        '    requests.get("http://127.0.0.1:9200/_cluster/health")\n')


def findings(tmp_path: Path, read: str, env: str = "") -> list[str]:
    compose = "services:\n  catalog:\n    build: .\n" + (f"    environment:\n      SEARCH_ON: '{env}'\n" if env else "")
    make(tmp_path, {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "catalog/__init__.py": "",
                    "catalog/main.py": MAIN.replace("READ", read)}, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted(f"{f.span.path}:{f.code}" for f in result.active)


READS = [
    'ast.literal_eval(os.getenv("SEARCH_ON", "False"))',
    'json.loads(os.environ.get("SEARCH_ON", "false"))',
    'strtobool(os.getenv("SEARCH_ON", "no"))',
    'bool(int(os.getenv("SEARCH_ON", "0")))',
]


@pytest.mark.parametrize("read", READS)
def test_a_switch_left_off_runs_no_branch(tmp_path, read):
    assert findings(tmp_path, read) == []


@pytest.mark.parametrize("read,on", list(zip(READS, ["True", "true", "yes", "1"], strict=True)))
def test_a_switch_the_service_turns_on_keeps_the_finding(tmp_path, read, on):
    assert findings(tmp_path, read, on) == ["catalog/main.py:DW101"]


def test_a_value_the_converter_cannot_read_decides_nothing(tmp_path):
    # ast.literal_eval("maybe") raises: the program stops there, the branch is not decided by it
    assert findings(tmp_path, 'ast.literal_eval(os.getenv("SEARCH_ON", "False"))', "maybe") == ["catalog/main.py:DW101"]
