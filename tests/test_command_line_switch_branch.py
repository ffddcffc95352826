"""A branch that runs only behind a switch is judged against the service that would turn it
on.  A debugger started only where ``ENABLE_DBG`` is set (read as ``flag =
os.getenv("ENABLE_DBG", "").lower()``, then narrowed, ``flag = flag and flag not in ("false",
"0")``: the last assignment in the function's body is the value tested) or where the command
line holds ``--debug`` (``"--debug" in args``, with ``args`` the ``sys.argv`` that
``main(sys.argv)`` hands on) binds nothing in a container whose environment sets no such
variable and whose start command gives no such word.  The bind stays a finding where the
service sets the variable, gives the switch, or fills its command in at run time."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT [\"python\", \"-m\", \"agent\"]\n"
COMPOSE = """\
services:
  agent:
    build: .
    command: {command}
    ports: ["8020:8020", "5678:5678"]
{more}"""
MAIN = """\
import os
import sys


def init_debug(args):
    flag = os.getenv("ENABLE_DBG", "").lower()
    flag = flag and flag not in ("false", "0")
    if {test}:
        host = os.getenv("DBG_HOST", "localhost")
        import debugpy

        debugpy.listen((host, 5678))


def main(args):
    init_debug(args)


def script_main():
    main(sys.argv)


if __name__ == "__main__":
    script_main()
"""
SWITCHED = 'flag or "--debug" in args'


def _findings(tmp_path: Path, command: str = "start --label a", test: str = SWITCHED, more: str = ""):
    make(tmp_path, {"compose.yaml": COMPOSE.format(command=command, more=more), "Dockerfile": DOCKERFILE,
                    "agent/__init__.py": "", "agent/__main__.py": MAIN.format(test=test)}, git=True)
    return list(run_check([tmp_path], Config(cache=False)).active)


def test_a_switch_neither_the_environment_nor_the_command_gives_binds_nothing(tmp_path):
    assert _findings(tmp_path) == []


def test_a_narrowed_flag_the_environment_leaves_unset_binds_nothing(tmp_path):
    assert _findings(tmp_path, test="flag") == []


def test_the_command_line_switch_given_keeps_the_bind(tmp_path):
    [f] = _findings(tmp_path, command="start --label a --debug")
    assert f.code == "DW201"


def test_the_flag_set_keeps_the_bind(tmp_path):
    [f] = _findings(tmp_path, more="    environment:\n      ENABLE_DBG: \"1\"\n")
    assert f.code == "DW201"


def test_a_command_filled_in_at_run_time_keeps_the_bind(tmp_path):
    more = '    entrypoint: ["sh", "-c"]\n'
    [f] = _findings(tmp_path, command='["python -m agent start --label a $$EXTRA_ARGS"]', more=more)
    assert f.code == "DW201"
