"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit framework.

In a temporary git repository holding a small Compose project, pre-commit installs dockwise
from this repository into its own environment (pip: needs the package index for the
dependencies, as CI has) and runs the hooks.

- ``pre-commit try-repo <this repo> dockwise --all-files``: fails naming the finding, passes
  after ``dockwise fix``.  try-repo always installs into a throw-away store (it ignores
  PRE_COMMIT_HOME), so it is used for that one test only (two installs).
- The other hooks run with ``pre-commit run`` and a config naming this repository at a fixed
  commit, with a PRE_COMMIT_HOME shared by the module: one install for all of them.

This repository is used as is when its working tree is clean (CI, a fresh clone).  With
uncommitted changes, the module makes one committed copy of the working tree (tracked and
untracked, not ignored, files) and uses that: try-repo's own shadow copy leaves out untracked
files and would be a new commit -- a new environment -- on every call.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# End to end by nature (git, pre-commit installing the hook into its own environment): slow.
pytestmark = [pytest.mark.precommit, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]

COMPOSE = """\
services:
  api:
    build: ./api
    env_file: .env
    environment:
      CACHE_URL: redis://localhost:6379/0
  db:
    image: postgres:16
    ports:
      - "15432:5432"
  cache:
    image: redis:7
"""
APP = 'DB = "postgresql://app:secret@localhost:15432/app"\nimport requests\nrequests.get(DB)\n'
ENV = "REDIS_URL=redis://localhost:6379/0\n"


PRE_COMMIT = [sys.executable, "-m", "pre_commit"]  # a test extra: its absence is a failure, not a skip
GIT = shutil.which("git")

if GIT is None:  # not a Python package: a machine without git cannot run these
    pytest.skip("needs git", allow_module_level=True)


def _env(home: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        GIT_AUTHOR_NAME="dockwise tests", GIT_AUTHOR_EMAIL="tests@dockwise.invalid",
        GIT_COMMITTER_NAME="dockwise tests", GIT_COMMITTER_EMAIL="tests@dockwise.invalid",
        GIT_CONFIG_NOSYSTEM="1", NO_COLOR="1",
    )
    if home is not None:
        env["PRE_COMMIT_HOME"] = str(home)
    return env


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run([GIT, "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args], cwd=cwd,
                          env=_env(), capture_output=True, text=True, check=True)
    return done.stdout


def _is_git_repo(path: Path) -> bool:
    try:
        return git(path, "rev-parse", "--show-toplevel").strip() == str(path) or (path / ".git").exists()
    except (subprocess.CalledProcessError, OSError):
        return False


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This repository, or (with uncommitted changes) one committed copy of its working tree."""
    if not _is_git_repo(REPO):
        pytest.skip(f"{REPO} is not a git repository (try-repo needs one)")
    if not git(REPO, "status", "--porcelain").strip():
        return REPO
    shadow = tmp_path_factory.mktemp("hook-repo") / "dockwise"
    git(REPO.parent, "clone", "--quiet", "--no-checkout", str(REPO), str(shadow))
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for rel in filter(None, listed):
        source = REPO / rel
        if source.is_file():
            target = shadow / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(shadow, "add", "-A")
    git(shadow, "commit", "--quiet", "--allow-empty", "-m", "working tree of the dockwise under test")
    return shadow


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "api").mkdir(parents=True)
    (root / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    (root / "api" / "Dockerfile").write_text("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n", encoding="utf-8")
    (root / "api" / "app.py").write_text(APP, encoding="utf-8")
    (root / ".env").write_text(ENV, encoding="utf-8")
    git(root, "init", "--quiet")
    git(root, "add", "-A")
    git(root, "commit", "--quiet", "-m", "a Compose project with brittle connection strings")
    return root


def _checked(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    if done.returncode not in (0, 1):  # 3: pre-commit itself failed (e.g. could not install)
        pytest.fail(f"pre-commit failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def try_repo(project: Path, hook_repo: Path, home: Path, hook: str) -> subprocess.CompletedProcess:
    done = subprocess.run([*PRE_COMMIT, "try-repo", str(hook_repo), hook, "--all-files", "--color", "never"],
                          cwd=project, env=_env(home), capture_output=True, text=True, timeout=600)
    return _checked(done)


def run_hook(project: Path, hook_repo: Path, home: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
    """``pre-commit run HOOK`` with this repository at its HEAD commit (installed once per module)."""
    rev = git(hook_repo, "rev-parse", "HEAD").strip()
    config = project.parent / "pre-commit-config.yaml"  # outside the project: no "unstaged config"
    config.write_text(f"repos:\n  - repo: {json.dumps(str(hook_repo))}\n    rev: {rev}\n    hooks:\n"
                      f"      - id: {hook}\n", encoding="utf-8")
    which = ["--files", *files] if files else ["--all-files"]
    done = subprocess.run([*PRE_COMMIT, "run", hook, "-c", str(config), *which, "--color", "never"],
                          cwd=project, env=_env(home), capture_output=True, text=True, timeout=600)
    return _checked(done)


def dockwise_fix(project: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "dockwise", "fix"], cwd=project, env=_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "dockwise fix")


def test_dockwise_hook_fails_then_passes_after_fix(project, hook_repo, pre_commit_home):
    first = try_repo(project, hook_repo, pre_commit_home, "dockwise")
    out = first.stdout
    assert first.returncode == 1, out + first.stderr
    assert "dockwise" in out and "Failed" in out
    assert "api/app.py:1:31: DW101" in out  # Python code
    assert "compose.yaml:6:" in out and "use `cache:6379`" in out  # a value in the Compose file (YAML)
    assert ".env:" not in out  # .env files are the other hook's

    dockwise_fix(project)
    assert (project / "api" / "app.py").read_text(encoding="utf-8") == 'DB = "postgresql://app:secret@db:5432/app"\nimport requests\nrequests.get(DB)\n'
    second = try_repo(project, hook_repo, pre_commit_home, "dockwise")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout


def test_env_hook(project, hook_repo, pre_commit_home):
    first = run_hook(project, hook_repo, pre_commit_home, "dockwise-env")
    assert first.returncode == 1, first.stdout + first.stderr
    assert ".env:1:19: DW101" in first.stdout and "cache:6379" in first.stdout
    assert "api/app.py" not in first.stdout

    dockwise_fix(project)
    assert (project / ".env").read_text(encoding="utf-8") == "REDIS_URL=redis://cache:6379/0\n"
    second = run_hook(project, hook_repo, pre_commit_home, "dockwise-env")
    assert second.returncode == 0, second.stdout + second.stderr


def test_layout_hook_rechecks_code_when_compose_changes(project, hook_repo, pre_commit_home):
    dockwise_fix(project)  # a clean project to start from
    compose = project / "compose.yaml"
    plain = "services:\n  api:\n    build: ./api\n  db:\n    image: postgres:16\n"
    compose.write_text(plain, encoding="utf-8")
    git(project, "commit", "--quiet", "-am", "no environment")
    assert run_hook(project, hook_repo, pre_commit_home, "dockwise-layout", "compose.yaml").returncode == 0
    compose.write_text(plain.replace("    build: ./api\n", "    build: ./api\n    network_mode: host\n"), encoding="utf-8")
    git(project, "add", "compose.yaml")

    # only compose.yaml changed: the per-file hook sees nothing wrong in it ...
    per_file = run_hook(project, hook_repo, pre_commit_home, "dockwise", "compose.yaml")
    assert per_file.returncode == 0, per_file.stdout + per_file.stderr
    # ... while the layout hook re-checks the code the new layout breaks
    layout = run_hook(project, hook_repo, pre_commit_home, "dockwise-layout", "compose.yaml")
    assert layout.returncode == 1, layout.stdout + layout.stderr
    assert "api/app.py:1:31: DW104" in layout.stdout
    # and it does not run when no layout file is among the files
    skipped = run_hook(project, hook_repo, pre_commit_home, "dockwise-layout", "api/app.py")
    assert skipped.returncode == 0
    assert "no files to check" in skipped.stdout.lower()
