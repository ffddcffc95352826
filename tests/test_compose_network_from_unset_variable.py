"""A service network named by a variable the checkout leaves without a value.

``networks: [${PUBLIC_NET?Variable not set}, default]`` with no ``.env``: the name is unknown,
but Compose refuses a network no file declares, so it is one of the declared ones.  The
service is attached to each declared network the name can be (no "undefined network" error,
no internal placeholder in a message), and the project is still judged: the true finding
beside it stays."""
from __future__ import annotations

import json

from click.testing import CliRunner

from dockwise.cli import cli
from tests.conftest import make

COMPOSE = (
    "services:\n"
    "  edge:\n    image: traefik:v2.2\n"
    "    networks:\n      - ${PUBLIC_NET?Variable not set}\n      - default\n"
    "  api:\n    build: .\n    command: python main.py\n"
    "    networks:\n      - ${PUBLIC_NET?Variable not set}\n      - default\n"
    "    environment:\n      DATABASE_URL: postgresql://u:p@localhost:5432/app\n"
    "  db:\n    image: postgres:16\n"
    "networks:\n  public-net:\n    external: true\n"
)
MAIN = "import os\nfrom sqlalchemy import create_engine\nengine = create_engine(os.environ['DATABASE_URL'])\n"
DOCKERFILE = "FROM python:3.12\nCOPY . /app\nWORKDIR /app\n"


def run(root):
    res = CliRunner().invoke(cli, ["check", str(root), "--no-cache", "--output-format", "json", "--exit-zero"],
                             catch_exceptions=False)
    return json.loads(res.stdout)


def test_network_named_by_unset_variable_is_a_declared_one(tmp_path):
    make(tmp_path, {"compose.yaml": COMPOSE, "main.py": MAIN, "Dockerfile": DOCKERFILE}, git=True)
    out = run(tmp_path)
    assert out["errors"] == []
    # the project is judged: the loopback database URL of `api` is still reported
    assert [(f["code"], f["service"]) for f in out["findings"]] == [("DW101", "api")]


def test_unset_variable_matching_no_declared_network_stays_an_error(tmp_path):
    compose = COMPOSE.replace("${PUBLIC_NET?Variable not set}", "edge-${PUBLIC_NET?Variable not set}")
    make(tmp_path, {"compose.yaml": compose, "main.py": MAIN, "Dockerfile": DOCKERFILE}, git=True)
    out = run(tmp_path)
    messages = [e["message"] for e in out["errors"]]
    assert messages and all("undefined network 'edge-${...}'" in m for m in messages)
    assert not any("\x00" in m for m in messages)
