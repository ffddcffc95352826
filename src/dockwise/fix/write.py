"""Writing a fixed file: temp file in the same directory + ``os.replace`` (mode kept), only
when the file on disk still holds the text the check read, never through a symlink leaving
the project root, never outside the root.  Every failure is a FixError and leaves the file
intact."""
from __future__ import annotations

import codecs
import errno
import io
import os
import stat
import tempfile
import tokenize
from pathlib import Path

from dockwise.fix.errors import FixError
from dockwise.fix.text import strip_bom
from dockwise.fix.verify import file_kind


def _decode(data: bytes, python: bool) -> tuple[str, str]:
    """(text without BOM, codec to write it back with)."""
    if python:
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        except SyntaxError:
            raise FixError("bad encoding declaration") from None
    else:
        encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise FixError(f"not valid {encoding}; not fixed") from None
    if text.startswith("\ufeff"):  # a BOM the codec kept
        text = text[1:]
        encoding = "utf-8-sig"
    return text, encoding


def _inside(root_real: str, path: str) -> bool:
    return path.startswith(root_real.rstrip(os.sep) + os.sep)


def _write_temp(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def write_atomic(path: Path | str, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace ``path`` by ``data`` atomically, keeping its mode; with ``expected``, refuse
    (FixError) when the file no longer holds those bytes.  Raises OSError on failure; the
    original file is intact either way."""
    path = str(path)
    st = os.stat(path)
    directory = os.path.dirname(path) or "."
    fd, made = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".dockwise-tmp")
    tmp: str | None = made  # None once it has replaced the file (nothing left to remove)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, stat.S_IMODE(st.st_mode))
            _write_temp(fd, data)
        finally:
            os.close(fd)
        if not hasattr(os, "fchmod"):  # pragma: no cover - Windows
            os.chmod(made, stat.S_IMODE(st.st_mode))
        if expected is not None:
            with open(path, "rb") as handle:
                if handle.read() != expected:
                    raise FixError("changed on disk since it was read; not fixed")
        os.replace(made, path)
        tmp = None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def write_file(root: Path, rel: str, original: str, new: str) -> None:
    """Write one fixed file; raises FixError with the reason."""
    root_real = os.path.realpath(str(root))
    target = os.path.join(str(root), rel)
    real = os.path.realpath(target)
    if not _inside(root_real, real):
        raise FixError("resolves outside the project root (symlink); not fixed")
    try:
        st = os.stat(real)
    except OSError as exc:
        raise FixError(f"cannot read it: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise FixError("not a regular file; not fixed")
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(real, os.W_OK):
        raise FixError("permission denied (read-only file); not fixed")
    try:
        with open(real, "rb") as handle:
            current = handle.read()
    except OSError as exc:
        raise FixError(f"cannot read it: {exc.strerror or exc}") from None
    text, encoding = _decode(current, file_kind(rel) == "python")
    if text != strip_bom(original):
        raise FixError("changed on disk since it was read; not fixed")
    try:
        data = new.encode(encoding)
    except UnicodeEncodeError:
        raise FixError(f"the fixed text cannot be written as {encoding}") from None
    try:
        write_atomic(real, data, expected=current)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            reason = "no space left on device"
        elif isinstance(exc, PermissionError):
            reason = "permission denied"
        raise FixError(f"cannot write it: {reason}; the file is unchanged") from None
