"""A module-level function bound over by a later ``def`` of the same name (an edited helper
left above its new version) never runs where nothing reads the name in between: every call
made once the module is imported reaches the later body.  A read in between (a call at import
time, a registration, ``name = wrap(name)``), a decorator on the first one, or a later
definition in a branch keeps the first body live."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

OLD = "def get_client():\n    return redis.Redis(host=\"localhost\", port=6379)\n"
NEW = "def get_client():\n    return redis.Redis(host=os.environ[\"REDIS_HOST\"], port=6379)\n"


def _findings(tmp_path: Path, module: str) -> list[tuple[str, int]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  worker:\n    build: .\n    command: python worker.py\n"
                        "    environment:\n      REDIS_HOST: cache\n  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "worker.py": "import os\n\nimport redis\n\n\n" + module + "\n\nCLIENT = get_client()\nCLIENT.ping()\n",
    }, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_function_replaced_by_a_later_def_never_runs(tmp_path):
    assert _findings(tmp_path, OLD + "\n\n" + NEW) == []


@pytest.mark.parametrize("module", [
    OLD,  # the only definition
    OLD + "\n\nFIRST = get_client()\n\n\n" + NEW,  # called before it is replaced
    OLD + "\n\nget_client = functools.lru_cache(get_client)\n",  # wrapped, not replaced
    "@functools.cache\n" + OLD + "\n\n" + NEW,  # a decorator may register the first one
    OLD + "\n\nif os.environ.get(\"REDIS_HOST\"):\n    " + NEW.replace("\n    ", "\n        "),  # in a branch
])
def test_a_function_read_before_it_is_replaced_keeps_the_finding(tmp_path, module):
    module = "import functools\n\n\n" + module
    assert [code for code, _ in _findings(tmp_path, module)] == ["DW101"]
