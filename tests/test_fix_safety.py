"""The fixer never corrupts: atomic writes, failing writes, races, symlinks, read-only trees."""
from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.fix import write as fix_write
from dockwise.fix.apply import run_fix
from dockwise.fix.errors import FixError
from dockwise.fix.text import line_starts, position_of
from dockwise.fix.write import write_atomic
from dockwise.knowledge import default_knowledge
from dockwise.model import Endpoint, Finding, RunResult, Span, Suggestion

KNOWLEDGE = default_knowledge()

from tests.conftest import CORPUS

PY = "app.py"
SRC = 'import redis\n\ncache = redis.Redis.from_url("redis://localhost:6379/0")\n'
FIXED = 'import redis\n\ncache = redis.Redis.from_url("redis://redis:6379/0")\n'
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def locate(path: str, text: str, needle: str) -> Span:
    i = text.index(needle)
    starts = line_starts(text)
    return Span(path, *position_of(starts, i), *position_of(starts, i + len(needle)))


def redis_finding(text: str = SRC, path: str = PY) -> Finding:
    ep = Endpoint(locate(path, text, "localhost"), "localhost", 6379, "explicit", locate(path, text, "6379"))
    return Finding("DW101", "error", ep.span, "m", ("web",), "localhost", 6379, Suggestion("redis", 6379),
                   flagged_text="localhost", endpoint=ep)


def make_project(tmp_path: Path, text: str = SRC, rel: str = PY, data: bytes | None = None) -> Path:
    root = tmp_path / "proj"
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data if data is not None else text.encode("utf-8"))
    return root


def result_for(root: Path, text: str = SRC, rel: str = PY) -> RunResult:
    return RunResult(root, (redis_finding(text, rel),), (), 1, {rel: text}, None, knowledge=KNOWLEDGE)


def leftovers(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.endswith(".dockwise-tmp")]


# --------------------------------------------------------------------------- atomic writes


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600])
def test_atomic_write_preserves_mode(tmp_path, mode):
    root = make_project(tmp_path)
    os.chmod(root / PY, mode)
    inode = os.stat(root / PY).st_ino
    outcome = run_fix(result_for(root))
    assert not outcome.errors
    assert (root / PY).read_text() == FIXED
    assert stat.S_IMODE(os.stat(root / PY).st_mode) == mode
    assert os.stat(root / PY).st_ino != inode  # replaced, not rewritten in place
    assert leftovers(root) == []
    assert outcome.applied == 1 and outcome.files_changed == 1


def test_write_atomic_refuses_when_expected_bytes_differ(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes(b"one")
    with pytest.raises(FixError):
        write_atomic(p, b"two", expected=b"zero")
    assert p.read_bytes() == b"one" and leftovers(tmp_path) == []


@pytest.mark.parametrize("exc", [OSError(errno.ENOSPC, "No space left on device"),
                                 PermissionError(errno.EACCES, "Permission denied")])
def test_failing_replace_leaves_the_original(tmp_path, monkeypatch, exc):
    root = make_project(tmp_path)
    before = (root / PY).read_bytes()

    def boom(*args, **kwargs):
        raise exc

    monkeypatch.setattr(fix_write.os, "replace", boom)
    outcome = run_fix(result_for(root))
    assert (root / PY).read_bytes() == before
    assert leftovers(root) == []
    assert len(outcome.errors) == 1 and outcome.applied == 0 and outcome.files_changed == 0
    message = outcome.errors[0].message
    assert ("no space left" in message) if exc.errno == errno.ENOSPC else ("permission denied" in message)
    assert outcome.errors[0] in outcome.remaining.errors  # reported like any file error (exit 2)


@pytest.mark.parametrize("exc", [OSError(errno.ENOSPC, "No space left on device"),
                                 PermissionError(errno.EACCES, "Permission denied")])
def test_failing_temp_write_leaves_the_original(tmp_path, monkeypatch, exc):
    root = make_project(tmp_path)
    before = (root / PY).read_bytes()

    def boom(fd, data):
        os.write(fd, bytes(data)[:5])  # a partial write, then the disk is full
        raise exc

    monkeypatch.setattr(fix_write, "_write_temp", boom)
    outcome = run_fix(result_for(root))
    assert (root / PY).read_bytes() == before
    assert leftovers(root) == []
    assert outcome.errors and "unchanged" in outcome.errors[0].message


def test_failing_tempfile_creation_leaves_the_original(tmp_path, monkeypatch):
    root = make_project(tmp_path)

    def boom(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fix_write.tempfile, "mkstemp", boom)
    outcome = run_fix(result_for(root))
    assert (root / PY).read_text() == SRC
    assert outcome.errors and "permission denied" in outcome.errors[0].message


def test_read_only_file_is_not_written(tmp_path):
    root = make_project(tmp_path)
    os.chmod(root / PY, 0o444)
    outcome = run_fix(result_for(root))
    assert (root / PY).read_text() == SRC
    assert outcome.errors and "permission denied" in outcome.errors[0].message
    assert stat.S_IMODE(os.stat(root / PY).st_mode) == 0o444


@pytest.mark.skipif(ROOT_USER, reason="root ignores directory permissions")
def test_read_only_directory_is_reported(tmp_path):
    root = make_project(tmp_path, rel="sub/app.py")
    os.chmod(root / "sub", 0o555)
    try:
        outcome = run_fix(result_for(root, rel="sub/app.py"))
        assert (root / "sub/app.py").read_text() == SRC
        assert outcome.errors
    finally:
        os.chmod(root / "sub", 0o755)


# --------------------------------------------------------------------------- races


def test_file_changed_since_the_check_is_skipped(tmp_path):
    root = make_project(tmp_path)
    result = result_for(root)
    edited = SRC + "# edited in the editor meanwhile\n"
    (root / PY).write_text(edited)
    outcome = run_fix(result)
    assert (root / PY).read_text() == edited
    assert outcome.errors and "changed on disk" in outcome.errors[0].message
    assert outcome.applied == 0


def test_file_changed_during_the_write_is_skipped(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    real_write = fix_write._write_temp

    def racing(fd, data):
        (root / PY).write_text("# someone else\n")
        real_write(fd, data)

    monkeypatch.setattr(fix_write, "_write_temp", racing)
    outcome = run_fix(result_for(root))
    assert (root / PY).read_text() == "# someone else\n"
    assert outcome.errors and "changed on disk" in outcome.errors[0].message
    assert leftovers(root) == []


def test_file_deleted_before_the_write(tmp_path):
    root = make_project(tmp_path)
    result = result_for(root)
    (root / PY).unlink()
    outcome = run_fix(result)
    assert not (root / PY).exists()
    assert outcome.errors


# --------------------------------------------------------------------------- symlinks, confinement


def test_symlink_out_of_the_root_is_not_written(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "app.py").write_text(SRC)
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text("")
    os.symlink(outside / "app.py", root / PY)
    outcome = run_fix(result_for(root))
    assert (outside / "app.py").read_text() == SRC
    assert (root / PY).is_symlink()
    assert outcome.errors and "outside the project root" in outcome.errors[0].message


def test_symlinked_directory_out_of_the_root_is_not_written(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "app.py").write_text(SRC)
    root = tmp_path / "proj"
    root.mkdir()
    os.symlink(outside, root / "lib")
    outcome = run_fix(result_for(root, rel="lib/app.py"))
    assert (outside / "app.py").read_text() == SRC
    assert outcome.errors


def test_symlink_inside_the_root_writes_the_target_and_keeps_the_link(tmp_path):
    root = make_project(tmp_path, rel="real/app.py")
    os.symlink(Path("real/app.py"), root / PY)
    outcome = run_fix(result_for(root))
    assert not outcome.errors
    assert (root / PY).is_symlink()
    assert (root / "real/app.py").read_text() == FIXED


def test_path_escaping_the_root_is_refused(tmp_path):
    root = make_project(tmp_path)
    (tmp_path / "evil.py").write_text(SRC)
    outcome = run_fix(result_for(root, rel="../evil.py"))
    assert (tmp_path / "evil.py").read_text() == SRC
    assert outcome.errors and outcome.applied == 0


# --------------------------------------------------------------------------- encodings


def test_bom_crlf_and_latin1_survive(tmp_path):
    text = "# -*- coding: latin-1 -*-\r\nNAME = 'café'\r\nURL = \"redis://localhost:6379\"\r\n"
    root = make_project(tmp_path, text, data=text.encode("latin-1"))
    outcome = run_fix(result_for(root, text))
    assert not outcome.errors
    assert (root / PY).read_bytes() == text.replace("localhost", "redis").encode("latin-1")

    bom = 'URL = "redis://localhost:6379"\n'
    root2 = make_project(tmp_path / "b", bom, data=b"\xef\xbb\xbf" + bom.encode())
    outcome = run_fix(result_for(root2, bom))
    assert not outcome.errors
    assert (root2 / PY).read_bytes() == b"\xef\xbb\xbf" + bom.replace("localhost", "redis").encode()


def test_invalid_utf8_yaml_is_not_rewritten(tmp_path):
    text = "services:\n  web:\n    environment:\n      URL: redis://localhost:6379\n"
    data = text.encode() + b"# \xff\xfe broken\n"
    root = make_project(tmp_path, text, rel="compose.yaml", data=data)
    shown = data.decode("utf-8", errors="replace")
    outcome = run_fix(RunResult(root, (redis_finding(text, "compose.yaml"),), (), 1, {"compose.yaml": shown}, None,
                                knowledge=KNOWLEDGE))
    assert (root / "compose.yaml").read_bytes() == data
    assert outcome.errors


def test_python_that_libcst_cannot_parse_is_refused(tmp_path):
    text = 'print "py2"\nURL = "redis://localhost:6379"\n'
    root = make_project(tmp_path, text)
    outcome = run_fix(result_for(root, text))
    assert (root / PY).read_text() == text
    assert outcome.errors and "LibCST" in outcome.errors[0].message


# --------------------------------------------------------------------------- --diff, read-only trees


def _snapshot(directory: Path) -> dict[str, tuple[bytes, float]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime) for p in directory.rglob("*") if p.is_file()}


def test_diff_in_a_read_only_tree(tmp_path, monkeypatch):
    from dockwise.cli import cli

    case = CORPUS / "19-override-and-anchors"
    if not case.is_dir():
        pytest.skip("corpus not available")
    before = _snapshot(case)
    monkeypatch.chdir(case)
    res = CliRunner().invoke(cli, ["fix", "--diff", "--no-cache", "."])
    assert _snapshot(case) == before
    # the REDIS_URL hunk sits next to a DSN with a password: left out, and said so
    assert "hunk of compose.yaml holds a secret and is not shown; `dockwise fix compose.yaml`" in res.stderr
    assert "app:app" not in res.stdout


def test_diff_on_a_read_only_copy_writes_nothing(tmp_path, monkeypatch):
    from dockwise.cli import cli

    root = tmp_path / "ro"
    root.mkdir()
    (root / "compose.yaml").write_text(
        "services:\n  web:\n    image: nginx\n    environment:\n      URL: redis://localhost:6379\n"
        "  redis:\n    image: redis:7\n")
    for p in (root / "compose.yaml", root):
        os.chmod(p, 0o555 if p.is_dir() else 0o444)
    try:
        before = _snapshot(root)
        monkeypatch.chdir(root)
        res = CliRunner().invoke(cli, ["check", "--diff", "--no-cache", "."])
        assert res.exit_code == 1, res.output
        assert "+      URL: redis://redis:6379\n" in res.stdout
        assert _snapshot(root) == before
    finally:
        os.chmod(root, 0o755)
        os.chmod(root / "compose.yaml", 0o644)


def test_fix_of_a_read_only_file_via_cli_reports_and_exits_2(tmp_path, monkeypatch):
    from dockwise.cli import cli

    root = tmp_path / "p"
    root.mkdir()
    compose = ("services:\n  web:\n    image: nginx\n    environment:\n      URL: redis://localhost:6379\n"
               "  redis:\n    image: redis:7\n")
    (root / "compose.yaml").write_text(compose)
    os.chmod(root / "compose.yaml", 0o444)
    monkeypatch.chdir(root)
    res = CliRunner().invoke(cli, ["fix", "--no-cache", "."])
    assert res.exit_code == 2
    assert "compose.yaml" in res.output and "permission denied" in res.output
    assert (root / "compose.yaml").read_text() == compose


def test_fix_via_cli_then_nothing_left(tmp_path, monkeypatch):
    from dockwise.cli import cli

    root = tmp_path / "p"
    shutil.copytree(CORPUS / "19-override-and-anchors", root) if (CORPUS / "19-override-and-anchors").is_dir() \
        else pytest.skip("corpus not available")
    for p in [root, *root.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    monkeypatch.chdir(root)
    CliRunner().invoke(cli, ["fix", "--no-cache", "."])
    text = (root / "compose.yaml").read_text()
    assert "redis://redis:6379/0" in text
    result = run_check([Path(".")], Config(cache=False))
    assert not [f for f in result.active if f.span.path == "compose.yaml" and f.code == "DW101"]
