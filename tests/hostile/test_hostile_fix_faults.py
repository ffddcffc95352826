"""``dockwise fix`` under faults, through the CLI (issue 7): a failing write (disk full,
permission denied) or a file changed between the check and the write leaves every file
intact (byte for byte, no temp file left behind), is reported as an error entry, exit 2.

The fixer's own unit tests (tests/test_fix_safety.py) cover ``write_atomic`` and
``_write_file`` directly (mode kept, symlinks, read-only files and directories, BOM/CRLF);
these run the same faults through ``dockwise fix`` / ``check --fix`` end to end, in-process
(the faults are monkeypatched), plus the real read-only case in a subprocess.
"""
from __future__ import annotations

import errno
import json
import os
import stat
import sys

import pytest
from click.testing import CliRunner

import dockwise.fix.apply as fix_apply
import dockwise.fix.write as fix_write
from dockwise.cli import cli

USE = 'import redis\n\nr = redis.Redis.from_url("redis://localhost:6379/0")\n'


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".dockwise_cache" not in p.parts}


def invoke(root, *args):
    old = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["--no-cache" if a == "NOCACHE" else a for a in args])
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def fixable(tmp_path, h):
    root = h.make(tmp_path / "proj", {"cache.py": USE, ".env": "REDIS_URL=redis://localhost:6379/0\n"})
    return root


@pytest.mark.parametrize("command", [("fix",), ("check", "--fix")])
@pytest.mark.parametrize("fault", [
    OSError(errno.ENOSPC, "No space left on device"),
    PermissionError(errno.EACCES, "Permission denied"),
    OSError(errno.EIO, "Input/output error"),
])
def test_failing_write_leaves_every_file_intact(fault, command, fixable, monkeypatch):
    before = snapshot(fixable)

    def failing_write(fd, data):
        os.write(fd, data[: len(data) // 2])  # a partial temp file, then the fault
        raise fault

    monkeypatch.setattr(fix_write, "_write_temp", failing_write)
    result = invoke(fixable, *command, "NOCACHE", "--format", "json", ".")
    assert result.exit_code == 2, result.output
    assert snapshot(fixable) == before  # intact, and no temp file left
    data = json.loads(result.output[result.output.index("{"):])
    messages = " ".join(e["message"] for e in data["errors"])
    assert "cannot fix" in messages and "the file is unchanged" in messages
    if fault.errno == errno.ENOSPC:
        assert "no space left on device" in messages
    if isinstance(fault, PermissionError):
        assert "permission denied" in messages


def test_failing_rename_leaves_every_file_intact(fixable, monkeypatch):
    before = snapshot(fixable)

    def failing_replace(src, dst):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(fix_write.os, "replace", failing_replace)
    result = invoke(fixable, "fix", "NOCACHE", ".")
    assert result.exit_code == 2, result.output
    assert snapshot(fixable) == before
    assert "cannot fix" in result.output


def test_file_changed_between_check_and_write(fixable, monkeypatch):
    """Another process (an editor, a formatter) writes the file after dockwise read it: the
    other process's text is kept, not overwritten and not merged."""
    real = fix_apply.apply_fixes
    edited = b"# edited meanwhile\n" + USE.encode()

    def apply_then_edit(*args, **kwargs):
        out = real(*args, **kwargs)
        (fixable / "cache.py").write_bytes(edited)
        return out

    monkeypatch.setattr(fix_apply, "apply_fixes", apply_then_edit)
    result = invoke(fixable, "fix", "NOCACHE", ".")
    assert result.exit_code == 2, result.output
    assert (fixable / "cache.py").read_bytes() == edited
    assert "changed on disk" in result.output


def test_file_changed_during_the_write(fixable, monkeypatch):
    """The change lands while the temp file is written (the last check before the rename)."""
    real = fix_write._write_temp
    edited = b"# edited during the write\n" + USE.encode()

    def racing(fd, data):
        real(fd, data)
        (fixable / "cache.py").write_bytes(edited)

    monkeypatch.setattr(fix_write, "_write_temp", racing)
    result = invoke(fixable, "fix", "NOCACHE", ".")
    assert result.exit_code == 2, result.output
    assert (fixable / "cache.py").read_bytes() == edited
    assert not [p for p in fixable.iterdir() if p.name.endswith(".dockwise-tmp")]


def test_file_deleted_between_check_and_write(fixable, monkeypatch):
    real = fix_apply.apply_fixes

    def apply_then_delete(*args, **kwargs):
        out = real(*args, **kwargs)
        (fixable / "cache.py").unlink()
        return out

    monkeypatch.setattr(fix_apply, "apply_fixes", apply_then_delete)
    result = invoke(fixable, "fix", "NOCACHE", ".")
    assert result.exit_code == 2, result.output
    assert not (fixable / "cache.py").exists()  # not re-created from stale text


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_read_only_file_through_the_real_cli(fixable, h):
    path = fixable / "cache.py"
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        run = h.run(fixable, "fix", "--format", "json", ".")
        assert run.returncode == 2
        assert path.read_bytes() == USE.encode()
        assert stat.S_IMODE(path.stat().st_mode) == stat.S_IRUSR | stat.S_IRGRP
        assert any("read-only" in e["message"] or "permission denied" in e["message"] for e in run.json["errors"])
    finally:
        path.chmod(0o644)


def test_fix_of_hostile_files_writes_nothing_to_them(tmp_path, h):
    """Broken files are never rewritten; the good ones are fixed."""
    files = {
        "nul.py": (USE + "\x00").encode(),
        "latin1_bad.py": b"# caf\xe9\n" + USE.encode(),
        "py2.py": 'print "x"\n' + USE,
        "deep.py": "x = " + "(" * 5000 + '"redis://localhost:6379/0"' + ")" * 5000 + "\n",
        "stack/compose.yaml": "services:\n  a: [\n",
    }
    root = h.make(tmp_path / "proj", files)
    before = snapshot(root)
    run = h.run(root, "fix", ".")
    assert run.returncode == 2
    after = snapshot(root)
    for name in files:
        assert after[name] == before[name], name
    assert after[h.GOOD_NAME] != before[h.GOOD_NAME]  # the good file was fixed
