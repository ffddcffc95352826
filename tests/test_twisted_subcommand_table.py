"""Twisted's ``usage.Options`` declares a program's subcommands as a table, ``subCommands =
[[name, shortcut, OptionsClass, doc], ...]``: the program builds the options class of the
subcommand its command line gives, and only that one.  What a listed class's body names
(the dotted path of the function the program then runs, an import in one of its methods)
runs only where the start command gives that subcommand (or its shortcut).  A container
started with ``tool serve`` does not run the ``dev-proxy`` subcommand's module, so its
loopback bind is no finding there; the module of the subcommand given keeps its finding,
and a container started with ``dev-proxy`` (or its shortcut) gets the proxy's."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

RUNNER = '''import sys

from twisted.python import reflect, usage


class ServeOptions(usage.Options):
    subcommandFunction = "tool.serve.serve"


class DevProxyOptions(usage.Options):
    subcommandFunction = "tool.devproxy.devproxy"

    def postOptions(self):
        from tool import proxyhelp
        proxyhelp.check()


class Options(usage.Options):
    subCommands = [
        ["serve", None, ServeOptions, "Serve the API"],
        ["dev-proxy", "dp", DevProxyOptions, "Serve the UI against a remote API"],
    ]


def run():
    config = Options()
    config.parseOptions(sys.argv[1:])
    sys.exit(reflect.namedObject(config.subOptions.subcommandFunction)(config.subOptions))


if __name__ == "__main__":
    run()
'''
SERVE = '''from aiohttp import web


def serve(config):
    web.run_app(web.Application(), host="%s", port=8080)
'''
DEVPROXY = '''from aiohttp import web


class DevProxy:
    def __init__(self, port):
        web.run_app(web.Application(), host="localhost", port=port)


def devproxy(config):
    DevProxy(8011)
'''
HELPER = '''from aiohttp import web


def check():
    web.run_app(web.Application(), host="127.0.0.1", port=8012)
'''


def _found(tmp_path: Path, command: str, serve_host: str = "0.0.0.0") -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  app:\n    build: .\n    command: {command}\n    ports: ['8080:8080']\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\n",
        "tool/__init__.py": "",
        "tool/runner.py": RUNNER,
        "tool/serve.py": SERVE % serve_host,
        "tool/devproxy.py": DEVPROXY,
        "tool/proxyhelp.py": HELPER,
    }, git=True)
    return sorted((f.span.path, f.code) for f in run_check([tmp_path], Config(cache=False)).active)


def test_a_subcommand_the_start_command_does_not_give_does_not_run(tmp_path):
    assert _found(tmp_path, "python -m tool.runner serve") == []


def test_recall_the_given_subcommands_module_keeps_its_finding(tmp_path):
    got = _found(tmp_path, "python -m tool.runner serve", serve_host="127.0.0.1")
    assert got == [("tool/serve.py", "DW201")]


@pytest.mark.parametrize("word", ["dev-proxy", "dp"])
def test_recall_the_subcommand_given_runs_what_its_options_class_names(tmp_path, word):
    got = _found(tmp_path, f"python -m tool.runner {word}")
    assert got == [("tool/devproxy.py", "DW201"), ("tool/proxyhelp.py", "DW201")]


def test_a_listed_class_named_elsewhere_in_the_module_is_not_gated():
    # StartOptions is also the base of RestartOptions: its body runs under `restart` too
    from dockwise.knowledge import default_knowledge
    from dockwise.runs.scan import scan_module

    text = '''from twisted.python import usage


class StartOptions(usage.Options):
    subcommandFunction = "tool.start.start"


class RestartOptions(StartOptions):
    subcommandFunction = "tool.restart.restart"


class Options(usage.Options):
    subCommands = [["start", None, StartOptions, ""], ["restart", None, RestartOptions, ""]]
'''
    scan = scan_module(text, subcommand_tables=default_knowledge().frameworks.subcommand_tables)
    assert scan.dotted == ("tool.start.start",)
    assert scan.commanded == (("tool.restart.restart", ("restart",)),)
