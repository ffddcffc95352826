"""A strong-named variable (``RABBITMQ_URL``) beside the switch of its feature that the
service's environment turns off (``RABBITMQ_ENABLED=false``, ``rules/flow.yaml`` feature_flags),
where no module the container runs names the variable: only a library could read it by its
name, and the environment says the feature is off, so the loopback value is not reported.
Switched on, left unset, or read by the code the container runs, it stays a finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

# (the app starts a program of its own, which may read any variable it inherits: without the
# switch, nothing says the variable is unread there; see tests/test_env_read_nowhere_libraries.py)
APP = "import subprocess\n\nsubprocess.run([\"report-worker\"])\n"
READER = "import os\n\nimport kombu\n\nkombu.Connection(os.environ['RABBITMQ_URL']).connect()\n"


def findings(tmp_path: Path, flag: str | None, main: str = APP) -> list[tuple[str, int]]:
    env = "RABBITMQ_URL=amqp://guest:guest@localhost:5672//\n"
    if flag is not None:
        env = f"RABBITMQ_ENABLED={flag}\n" + env
    make(tmp_path, {"compose.yaml": "services:\n  api:\n    build: .\n    command: python -m svc.main\n"
                                    "    env_file: [.env]\n  rabbitmq:\n    image: rabbitmq:3\n",
                    ".env": env, "Dockerfile": "FROM python:3.12-slim\nCOPY . .\n",
                    "svc/__init__.py": "", "svc/main.py": main}, git=True)
    return [(f.code, f.span.line) for f in run_check([tmp_path], Config(cache=False)).active
            if f.span.path == ".env"]


@pytest.mark.parametrize("word", ["false", "0", "no", "Off"])
def test_a_variable_of_a_feature_switched_off_is_not_reported(tmp_path, word):
    assert findings(tmp_path, word) == []


@pytest.mark.parametrize("word", ["true", "1"])
def test_the_feature_switched_on_keeps_the_finding(tmp_path, word):
    assert findings(tmp_path, word) == [("DW101", 2)]


def test_no_switch_keeps_the_finding(tmp_path):
    assert findings(tmp_path, None) == [("DW101", 1)]


def test_the_code_reading_the_variable_decides_not_the_switch(tmp_path):
    assert findings(tmp_path, "false", main=READER) == [("DW101", 2)]
