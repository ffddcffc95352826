"""Robyn's ``app.start(host="127.0.0.1", port=8080)`` starts its server on the container's
loopback: a published port never reaches it (DW201), written out or by default (its ``host``
defaults to 127.0.0.1, where the start command runs the file).  ROBYN_HOST, where the
container's environment sets it, replaces both the argument and the default, and a
``robyn.env`` beside the app's file is loaded into the environment first: no finding then
(rules/clients.yaml host_env, host_env_file).  ``robyn app.py`` and ``python -m robyn app.py``
run the file as a script (rules/commands.yaml runners): the container runs that file, not
every file it holds."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def _app(start: str) -> str:
    return ("from robyn import Robyn\n\nsite = Robyn(__file__)\n\n\n@site.get(\"/\")\ndef index(request):\n"
            "    return \"ok\"\n\n\nif __name__ == \"__main__\":\n    site." + start + "\n")


def _findings(tmp_path: Path, start: str, command: str = "python web.py", env: str = "",
              extra: dict[str, str] | None = None) -> list[tuple[str, int, str]]:
    compose = ("services:\n  front:\n    build: .\n    command: " + command + "\n"
               "    ports:\n      - \"8080:8080\"\n" + env)
    files = {"compose.yaml": compose, "Dockerfile": DOCKERFILE, "web.py": _app(start)}
    files.update(extra or {})
    make(tmp_path, files, git=True)
    return sorted((f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_robyn_server_on_the_loopback_is_a_loopback_bind(tmp_path):
    assert _findings(tmp_path, 'start(host="127.0.0.1", port=8080)') == [("web.py", 12, "DW201")]


def test_a_robyn_server_given_a_port_alone_binds_its_default_loopback(tmp_path):
    assert _findings(tmp_path, "start(port=8080)") == [("web.py", 12, "DW201")]


def test_a_robyn_server_on_every_interface_is_silent(tmp_path):
    assert _findings(tmp_path, 'start(host="0.0.0.0", port=8080)') == []


def test_the_host_variable_of_the_container_replaces_the_argument_and_the_default(tmp_path):
    env = "    environment:\n      ROBYN_HOST: 0.0.0.0\n"
    assert _findings(tmp_path, 'start(host="127.0.0.1", port=8080)', env=env) == []
    assert _findings(tmp_path, "start(port=8080)", env=env) == []


def test_an_environment_file_beside_the_app_may_set_the_host(tmp_path):
    extra = {"robyn.env": "ROBYN_HOST=0.0.0.0\nROBYN_PORT=8080\n"}
    assert _findings(tmp_path / "beside", "start(port=8080)", extra=extra) == []
    # one in another directory is not the app's
    other = {"tools/robyn.env": "ROBYN_HOST=0.0.0.0\n"}
    assert _findings(tmp_path / "elsewhere", "start(port=8080)", extra=other) == [("web.py", 12, "DW201")]


def test_the_robyn_program_runs_the_file_it_is_given(tmp_path):
    # another script of the tree, run by no container, is judged nowhere
    other = {"bench.py": ("from robyn import Robyn\nload = Robyn(__file__)\n"
                          "load.start(host=\"127.0.0.1\", port=9000)\n")}
    for command in ("robyn web.py --processes 2", "python -m robyn web.py"):
        assert _findings(tmp_path, "start(port=8080)", command=command, extra=other) == [("web.py", 12, "DW201")]
