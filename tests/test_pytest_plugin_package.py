"""A pytest plugin package (import name ``pytest_*``) is test support, like conftest.py.

pytest loads it through its ``pytest11`` entry point; no service runs it, even a service
judged on every file its image holds because its start command names an installed module
the tree does not hold."""
from __future__ import annotations

import json

from click.testing import CliRunner

from dockwise.cli import cli
from tests.conftest import make

SERVER = (
    "import uvicorn\n\n"
    "def serve(app):\n"
    "    config = uvicorn.Config(app, host='127.0.0.1', port=8123)\n"
    "    uvicorn.Server(config).run()\n\n\nserve(None)\n"
)

COMPOSE = (
    "services:\n"
    "  worker:\n"
    "    build: .\n"
    "    entrypoint: celery -A installedworker.app worker\n"
    "    ports:\n      - '8123:8123'\n"
)


def findings(root):
    res = CliRunner().invoke(cli, ["check", str(root), "--no-cache", "--output-format", "json", "--exit-zero"],
                             catch_exceptions=False)
    return json.loads(res.stdout)["findings"]


def test_pytest_plugin_package_is_not_run_by_a_service(tmp_path):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nRUN pip install -e /srv\n",
        "pytest_appfixtures/__init__.py": "",
        "pytest_appfixtures/fixtures.py": SERVER,
    }, git=True)
    assert findings(tmp_path) == []


def test_same_code_in_an_ordinary_package_is_still_judged(tmp_path):
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "Dockerfile": "FROM python:3.12\nCOPY . /srv\nRUN pip install -e /srv\n",
        "appserver/__init__.py": "",
        "appserver/fixtures.py": SERVER,
    }, git=True)
    assert [f["code"] for f in findings(tmp_path)] == ["DW201"]
