"""Shared helpers of the hostile-input suite (issue 7): projects in tmp_path, the real CLI.

Every run of a hostile input goes through a subprocess (``python -I -m dockwise``) with a
timeout and (on Linux) a limit on its address space, so the tests see exactly what a user
sees: no traceback, no crash by signal, an exit code of 0, 1 or 2, within a time and a memory
bound.  Tests of what an output says about an ordinary project (redaction of secrets) run the
same command in this process (``h.run_here``): the same CLI and checks, without the bounds,
which such a project does not need, and without a second of start-up per run.  (``-I`` only
keeps the user's environment out; ``python -m dockwise`` without it, run inside the checked
project, is tested in ``test_hostile_confinement.py``.)

Hypothesis profiles (used by ``test_hostile_fuzz.py``):

- ``dockwise-ci`` (default): a bounded number of examples per property, for every CI run;
- ``dockwise-fuzz``: the long run, ``DOCKWISE_FUZZ_EXAMPLES=20000 pytest tests/hostile -k fuzz``
  (the variable sets the number of examples and selects this profile).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, settings

_FUZZ = int(os.environ.get("DOCKWISE_FUZZ_EXAMPLES", "0") or 0)
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("dockwise-ci", max_examples=40, deadline=None, suppress_health_check=_HEALTH)
settings.register_profile("dockwise-fuzz", max_examples=max(_FUZZ, 1), deadline=None, suppress_health_check=_HEALTH)

# A generous bound for one CLI run on a hostile input (these are bounds, not benchmarks:
# the machine running CI may be slow and busy).
BOUND = float(os.environ.get("DOCKWISE_HOSTILE_BOUND", "60"))
# ... and on its memory: the address space of the process (and of its workers), where the
# platform can limit it.  An input that needs more fails the test instead of the machine.
MEMORY_MB = int(os.environ.get("DOCKWISE_HOSTILE_MEMORY_MB", "2048"))


def _limit_memory() -> None:  # runs in the child, before exec
    try:
        import resource

        limit = MEMORY_MB * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on this platform
        pass

COMPOSE = """\
services:
  api:
    build: .
  db:
    image: postgres:16
"""
# no start command: the container is judged on every file it holds, the hostile ones too
# (`python main.py` with no main.py in the tree would run nothing: the interpreter exits)
DOCKERFILE = """\
FROM python:3.12-slim
WORKDIR /app
COPY . /app
"""
# The good file: one real finding, proving that the run goes on past the hostile input.
GOOD = 'import psycopg2\n\nconn = psycopg2.connect("postgresql://app@localhost:5432/app")\n'
GOOD_NAME = "good.py"


@dataclass
class CliRun:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def json(self) -> dict:
        try:
            return json.loads(self.stdout)
        except ValueError:  # pragma: no cover - shown on failure
            pytest.fail(f"not JSON (exit {self.returncode}):\nstdout: {self.stdout[:2000]}\nstderr: {self.stderr[:2000]}")

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def errors_for(self, path: str) -> list[dict]:
        return [e for e in self.json["errors"] if e["path"] == path]

    def findings_for(self, path: str) -> list[dict]:
        return [f for f in self.json["findings"] if f["path"] == path]

    def assert_clean_exit(self) -> None:
        """No traceback, no crash: what every run must satisfy, whatever the input."""
        text = self.output
        assert "Traceback (most recent call last)" not in text, text[-3000:]
        assert "Fatal Python error" not in text, text[-3000:]
        assert self.returncode in (0, 1, 2), f"exit {self.returncode} (a signal?)\n{text[-3000:]}"


def run_cli(cwd: Path, *args: str, timeout: float | None = None, stdin: bytes | None = None,
            env: dict[str, str] | None = None, module: bool = True) -> CliRun:
    """Run ``dockwise ARGS`` in ``cwd``; fail (not hang) past ``timeout`` seconds."""
    timeout = BOUND if timeout is None else timeout
    if module:
        cmd = [sys.executable, "-I", "-m", "dockwise", *args]
    else:
        cmd = [str(Path(sys.executable).with_name("dockwise")), *args]
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("FORCE_COLOR", "DOCKWISE_"))}
    full_env["NO_COLOR"] = "1"
    full_env.update(env or {})
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, timeout=timeout, env=full_env,
                              preexec_fn=_limit_memory if sys.platform.startswith("linux") and MEMORY_MB else None)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`dockwise {' '.join(args)}` did not finish within {timeout:.0f} s (a hang?)")
    seconds = time.monotonic() - start
    run = CliRun(tuple(args), proc.returncode, proc.stdout.decode("utf-8", "replace"),
                 proc.stderr.decode("utf-8", "replace"), seconds)
    run.assert_clean_exit()
    return run


def run_in_process(cwd: Path, *args: str, stdin: bytes | None = None) -> CliRun:
    """Run ``dockwise ARGS`` in ``cwd`` in this process (click's test runner), with the
    environment ``run_cli`` gives; an exception that escapes the CLI fails the test."""
    from click.testing import CliRunner

    from dockwise.cli import cli

    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith(("FORCE_COLOR", "DOCKWISE_"))}
    env["NO_COLOR"] = "1"
    here = os.getcwd()
    start = time.monotonic()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, list(args), input=stdin, env=env, prog_name="dockwise")
    finally:
        os.chdir(here)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
        pytest.fail(f"`dockwise {' '.join(args)}` raised {result.exception!r} (a traceback for the user):\n{trace}")
    run = CliRun(tuple(args), result.exit_code, result.stdout, result.stderr, time.monotonic() - start)
    run.assert_clean_exit()
    return run


def make_project(root: Path, files: dict[str, str | bytes] | None = None, *, compose: str | None = COMPOSE,
                 dockerfile: str | None = DOCKERFILE, good: bool = True) -> Path:
    """A Compose project: compose.yaml + Dockerfile (so .py files are container code) + good.py."""
    root.mkdir(parents=True, exist_ok=True)
    if compose is not None:
        (root / "compose.yaml").write_text(compose, encoding="utf-8")
    if dockerfile is not None:
        (root / "Dockerfile").write_text(dockerfile, encoding="utf-8")
    if good:
        (root / GOOD_NAME).write_text(GOOD, encoding="utf-8")
    for name, content in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


def assert_good_finding(run: CliRun, prefix: str = "") -> None:
    """The good file's finding is reported: the hostile input did not stop the run."""
    hits = [f for f in run.json["findings"] if f["path"] == prefix + GOOD_NAME and f["code"] == "DW101"]
    assert hits, f"the good file was not checked:\n{run.stdout[:3000]}\n{run.stderr[:2000]}"
    assert hits[0]["line"] == 3


class Hostile:
    """The helpers above, handed to tests as the ``h`` fixture (so that test modules need not
    import this ``conftest``)."""

    run = staticmethod(run_cli)
    run_here = staticmethod(run_in_process)
    make = staticmethod(make_project)
    good_finding = staticmethod(assert_good_finding)
    COMPOSE, DOCKERFILE, GOOD, GOOD_NAME, BOUND, MEMORY_MB = COMPOSE, DOCKERFILE, GOOD, GOOD_NAME, BOUND, MEMORY_MB


@pytest.fixture(scope="session")
def h() -> type[Hostile]:
    return Hostile


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    def make(files: dict[str, str | bytes] | None = None, **kw) -> Path:
        return make_project(tmp_path / "proj", files, **kw)

    return make
