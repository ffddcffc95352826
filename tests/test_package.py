"""The wheel is self-contained: rule packs ship inside it, and a fresh virtual environment
with only the wheel (and its dependencies from the index) runs the README's first command."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "NO_COLOR", "FORCE_COLOR")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(cmd: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=_env(), **kwargs)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(REPO), "-w", str(out)], 180)
    if done.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{done.stdout}\n{done.stderr}")
    (whl,) = out.glob("dockwise-*.whl")
    return whl


def test_wheel_ships_the_rule_packs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = sorted(p.name for p in (REPO / "rules").glob("*.yaml"))
    codes = sorted(p.name for p in (REPO / "rules" / "codes").glob("*.yaml"))
    assert packs and len(codes) >= 11
    for name in packs:
        assert f"dockwise/rules/{name}" in names
    for name in codes:
        assert f"dockwise/rules/codes/{name}" in names
    assert "dockwise/__main__.py" in names and "dockwise/cli.py" in names
    meta = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "dockwise = dockwise.cli:main" in zipfile.ZipFile(wheel).read(meta).decode()


def test_fresh_venv_runs_the_bundled_example(wheel, tmp_path):
    venv = tmp_path / "venv"
    done = _run([sys.executable, "-m", "venv", str(venv)], 120)
    assert done.returncode == 0, done.stderr
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    done = _run([str(python), "-m", "pip", "install", "-q", str(wheel)], 240)
    if done.returncode != 0:
        pytest.fail(f"pip install failed:\n{done.stdout}\n{done.stderr}")
    dockwise = bindir / ("dockwise.exe" if os.name == "nt" else "dockwise")

    work = tmp_path / "work"
    shutil.copytree(REPO / "examples" / "shop", work / "shop")

    # the installed package, not the checkout, and its rules inside site-packages
    done = _run([str(python), "-c", "import dockwise.knowledge as k; print(k.rules_dir())"], 60, cwd=work)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(venv)

    done = _run([str(dockwise), "check", "shop"], 120, cwd=work)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "shop/api/app/settings.py:4:" in done.stdout and "suggestion: db:5432" in done.stdout
    assert "Found 5 findings" in done.stdout

    done = _run([str(dockwise), "check", "--format", "json", "shop"], 120, cwd=work)
    data = json.loads(done.stdout)
    assert data["errors"] == [] and len(data["findings"]) == 5

    done = _run([str(dockwise), "explain", "DW101"], 60, cwd=work)
    assert done.returncode == 0
    assert done.stdout.startswith("DW101 loopback-target")

    done = _run([str(python), "-m", "dockwise", "--version"], 60, cwd=work)
    assert done.returncode == 0 and done.stdout.startswith("dockwise ")
