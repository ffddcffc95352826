"""The shared corpus passes, and the bundled example shows the layout-aware suggestions."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dockwise.cli import cli

from tests.conftest import CORPUS

REPO = Path(__file__).resolve().parents[1]
CHECK = CORPUS / "check.py"
SHOP = REPO / "examples" / "shop"


@pytest.mark.slow
@pytest.mark.skipif(not CHECK.is_file(), reason="the shared corpus is not available")
def test_shared_corpus_passes():
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(
        [sys.executable, str(CHECK), "--dockwise", f"{sys.executable} -m dockwise"],
        capture_output=True, text=True, timeout=600, env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "precision=1.000 recall=1.000 suggestion=1.000" in done.stdout


@pytest.fixture
def shop(monkeypatch):
    monkeypatch.chdir(SHOP.parent)
    res = CliRunner().invoke(cli, ["check", "--format", "json", "shop"], catch_exceptions=False)
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    assert data["errors"] == []
    return {(f["path"], f["line"]): f for f in data["findings"]}


def _sug(f):
    s = f["suggestion"]
    return None if s is None else (s["host"], s["port"])


def test_shop_published_port_becomes_the_container_port(shop):
    f = shop[("shop/api/app/settings.py", 4)]
    assert (f["code"], f["service"], _sug(f)) == ("DW101", "api", ("db", 5432))
    assert f["target"] == {"host": "localhost", "port": 15432}
    assert "15432:5432" in f["message"] and "shop:shop@" not in f["message"]


def test_shop_getenv_fallback_suggests_redis(shop):
    f = shop[("shop/api/app/settings.py", 6)]
    assert (f["code"], _sug(f)) == ("DW101", ("redis", 6379))


def test_shop_host_model_server_with_extra_hosts_note(shop):
    f = shop[("shop/worker/tasks.py", 13)]
    assert (f["code"], f["service"], _sug(f)) == ("DW101", "worker", ("host.docker.internal", 11434))
    assert 'extra_hosts: ["host.docker.internal:host-gateway"]' in f["message"]


def test_shop_dw106_for_the_payments_sandbox(shop):
    f = shop[("shop/compose.yaml", 18)]
    assert (f["code"], f["severity"], f["service"], f["suggestion"]) == ("DW106", "warning", "worker", None)
    assert "required on Linux engines" in f["message"]


def test_shop_dw103_published_port_inside(shop):
    f = shop[("shop/worker/tasks.py", 19)]
    assert (f["code"], _sug(f)) == ("DW103", ("api", 8000))


def test_shop_exactly_these_findings(shop):
    assert sorted(shop) == [
        ("shop/api/app/settings.py", 4), ("shop/api/app/settings.py", 6), ("shop/compose.yaml", 18),
        ("shop/worker/tasks.py", 13), ("shop/worker/tasks.py", 19),
    ]
    # host code, advertised URLs, docstrings and right values are silent
    assert not any(path.endswith(("seed.py", "main.py")) for path, _ in shop)
    assert ("shop/api/app/settings.py", 9) not in shop  # CORS origin
    assert ("shop/worker/tasks.py", 6) not in shop  # redis://redis:6379/0 is right


def test_shop_seed_script_is_host_code(monkeypatch):
    monkeypatch.chdir(SHOP)
    res = CliRunner().invoke(cli, ["check", "scripts/seed.py"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("No file here runs in a container: nothing to judge")  # not "passed"


def test_shop_from_inside_the_project(monkeypatch):
    monkeypatch.chdir(SHOP / "worker")
    res = CliRunner().invoke(cli, ["check", "--format", "json", "."], catch_exceptions=False)
    data = json.loads(res.stdout)
    assert sorted((f["path"], f["line"]) for f in data["findings"]) == [("tasks.py", 13), ("tasks.py", 19)]


def test_readme_quick_start_command_from_the_repository_root(monkeypatch):
    # exactly the README's first command: run from the checkout, whose own pyproject.toml
    # excludes examples/ for dockwise's self-check
    monkeypatch.chdir(REPO)
    res = CliRunner().invoke(cli, ["check", "examples/shop"], catch_exceptions=False)
    assert res.exit_code == 1, res.output
    assert "Found 5 findings" in res.stdout
    assert "examples/shop/api/app/settings.py:4:41: DW101 " in res.stdout
