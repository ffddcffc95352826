"""Reading a project's files as text, and showing their paths.

The lowest stage: every stage that reads a file (the engine, the workers, the CLI's stdin)
goes through ``read_source`` / ``decode_source``, so an unreadable or undecodable file is
the same clear ``SourceError`` message everywhere.
"""
from __future__ import annotations

import io
import os
import tokenize
from functools import lru_cache
from pathlib import Path


def display_path(root: Path, rel: str, cwd: Path | None = None) -> str:
    """How a root-relative path is shown: relative to ``cwd`` (default: the current directory)."""
    return _display_path(str(root), rel, str(cwd) if cwd is not None else os.getcwd())


@lru_cache(maxsize=4096)  # a report shows each path once per finding
def _display_path(root: str, rel: str, cwd: str) -> str:
    full = os.path.join(root, rel)
    try:
        shown = os.path.relpath(full, cwd)
    except ValueError:  # another drive on Windows
        shown = full
    return shown.replace(os.sep, "/") if os.sep != "/" else shown


class SourceError(Exception):
    """A file that cannot be read as text."""


def decode_source(data: bytes, python: bool = True) -> str:
    """Bytes -> text, honouring a BOM and a PEP 263 coding line; clear errors otherwise."""
    if b"\x00" in data:
        raise SourceError("contains NUL bytes: not a text file")
    encoding = "utf-8"
    if python:
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        except SyntaxError as exc:
            if b"coding" in data[:400]:  # a real (bad) PEP 263 declaration
                raise SourceError(f"bad encoding declaration: {exc}") from None
            encoding = "utf-8"  # no declaration: the bytes themselves are not UTF-8 (reported below)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        if isinstance(exc, UnicodeDecodeError):
            raise SourceError(f"not valid {encoding} (byte {exc.start}: {exc.reason})") from None
        raise SourceError(f"unknown encoding {encoding!r}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def read_text(path: Path, python: bool = True) -> str:
    return decode_source(read_source(path), python)


def read_source(path: Path) -> bytes:
    """The bytes of ``path``; a SourceError saying why not."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except PermissionError:
        raise SourceError("permission denied") from None
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc)) from None
