"""Paths that do not exist, symlink loops, symlinks out of the root (issue 7).

Every run terminates within the bound, prints no traceback, names each bad path in an
error entry (exit 2) and still checks the other paths.
"""
from __future__ import annotations

import os
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX symlinks")

USE = 'import redis\n\nr = redis.Redis.from_url("redis://localhost:6379/0")\n'


def test_paths_that_do_not_exist(tmp_path, h):
    root = h.make(tmp_path / "proj")
    run = h.run(root, "check", "--format", "json", "nope.py", "missing/dir", h.GOOD_NAME, "also/missing.yaml")
    assert run.returncode == 2
    h.good_finding(run)
    bad = {e["path"]: e["message"] for e in run.json["errors"]}
    assert set(bad) == {"nope.py", "missing/dir", "also/missing.yaml"}
    assert all("no such file" in m for m in bad.values())
    text = h.run(root, "check", "nope.py", h.GOOD_NAME)
    assert text.returncode == 2
    assert "error: nope.py: no such file" in text.stdout


def test_a_missing_absolute_path_does_not_widen_the_root(tmp_path, h):
    root = h.make(tmp_path / "proj")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "compose.yaml").write_text("- not: [a, compose, file\n")  # outside the project
    missing = tmp_path / "no" / "such" / "dir"
    run = h.run(root, "check", "--format", "json", str(missing), h.GOOD_NAME, timeout=120)
    assert run.returncode == 2
    h.good_finding(run)
    assert [e["path"] for e in run.json["errors"]] == [str(missing)], run.json["errors"]


# Slow (20-40 s): the walk for a service's Python files (runs/fs.py, python_below) follows the
# directory links that loop back inside the root until its 50,000-file limit; end to end, so
# it runs in CI (`pytest -m slow`).
@pytest.mark.slow
def test_symlink_loops_terminate(tmp_path, h):
    root = h.make(tmp_path / "proj", {"pkg/mod.py": USE})
    os.symlink("..", root / "pkg" / "up")  # a directory link to its parent
    os.symlink(".", root / "pkg" / "here")  # to itself
    os.symlink(str(root), root / "pkg" / "root")  # absolute, to the root
    os.symlink("loop_b.py", root / "loop_a.py")  # a two-link cycle (dangling)
    os.symlink("loop_a.py", root / "loop_b.py")
    os.symlink("self.py", root / "self.py")  # a link to itself
    run = h.run(root, "check", "--format", "json", ".")
    assert run.seconds < h.BOUND
    h.good_finding(run)
    paths = [f["path"] for f in run.json["findings"]]
    assert paths.count("pkg/mod.py") == 1 and paths.count(h.GOOD_NAME) == 1, paths
    # named on the command line: an error entry each, no traceback
    run = h.run(root, "check", "--format", "json", "loop_a.py", "self.py", "pkg/up", h.GOOD_NAME)
    assert run.returncode == 2
    h.good_finding(run)
    assert {e["path"] for e in run.json["errors"]} >= {"loop_a.py", "self.py"}


def test_symlinked_directory_out_of_the_root_is_not_followed(tmp_path, h):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.py").write_text(USE.replace("localhost", "localhost-outside-marker"))
    root = h.make(tmp_path / "proj")
    os.symlink(str(outside), root / "vendor")
    run = h.run(root, "check", "--format", "json", ".")
    assert "leak.py" not in run.output and "outside-marker" not in run.output
    h.good_finding(run)


def test_symlinked_file_out_of_the_root_is_not_read(tmp_path, h):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.py").write_text(USE)
    root = h.make(tmp_path / "proj")
    os.symlink(str(outside / "leak.py"), root / "linked.py")
    run = h.run(root, "check", "--format", "json", ".")
    h.good_finding(run)
    assert "linked.py" not in run.output, run.output


def test_compose_and_env_symlinks_out_of_the_root_are_refused(tmp_path, h):
    """The layout reads through one confined reader (symlinks resolved)."""
    secret = "postgresql://admin:0utsideS3cret@localhost:5432/x"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.env").write_text(f"DATABASE_URL={secret}\n")
    (outside / "compose.yaml").write_text(
        f"services:\n  leak:\n    build: .\n    environment:\n      U: {secret}\n")
    root = h.make(tmp_path / "proj", compose=h.COMPOSE.replace(
        "    build: .\n", "    build: .\n    env_file: linked.env\n", 1))
    os.symlink(str(outside / "secret.env"), root / "linked.env")
    os.symlink(str(outside / "secret.env"), root / ".env")
    (root / "stack").mkdir()
    os.symlink(str(outside / "compose.yaml"), root / "stack" / "compose.yaml")
    run = h.run(root, "check", "--format", "json", ".")
    assert "0utsideS3cret" not in run.output and "admin" not in run.output
    h.good_finding(run)
    messages = " ".join(e["message"] for e in run.json["errors"])
    assert "outside the project root" in messages
