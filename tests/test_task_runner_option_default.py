"""A task of a task runner (`@task def serve(c, host="127.0.0.1")` of invoke) takes its
parameters as command-line options: where every command the container starts is the runner
given the parameter's option (`invoke web.serve --host 0.0.0.0`), the parameter's default is
never used.  Without the option the default binds the loopback (DW201)."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

TASKS = ('from invoke import Collection, task\n\nweb = Collection("web")\n\n\n'
         '@task\ndef serve(_, host="127.0.0.1", port=7010, live_reload=False):\n'
         '    from site_app.main import build\n\n'
         '    build().run(host=host, port=port, use_reloader=live_reload)\n\n\n'
         'web.add_task(serve)\nns = Collection(web)\n')

MAIN = 'from flask import Flask\n\n\ndef build():\n    return Flask(__name__)\n'


def _findings(tmp_path: Path, command: str) -> list[tuple[str, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  portal:\n    build: .\n"
                         f"    command: {command}\n"
                         "    ports: [\"7010:7010\"]\n"),
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install invoke flask\n",
        "tasks.py": TASKS,
        "site_app/__init__.py": "",
        "site_app/main.py": MAIN,
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == ()
    return sorted((f.code, f.span.path) for f in result.active)


def test_host_option_given_replaces_the_default(tmp_path: Path):
    assert _findings(tmp_path, '["invoke", "web.serve", "--host", "0.0.0.0", "--port", "7010"]') == []


def test_host_option_in_a_shell_command(tmp_path: Path):
    assert _findings(tmp_path, 'bash -c "invoke web.serve --host 0.0.0.0 --port 7010"') == []


def test_without_the_option_the_default_binds_the_loopback(tmp_path: Path):
    assert _findings(tmp_path, '["invoke", "web.serve", "--port", "7010"]') == [("DW201", "tasks.py")]
