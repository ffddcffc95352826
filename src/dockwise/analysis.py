"""The analysis of one Python file: read it, prefilter it, decode it, extract its values.

What a worker process (``parallel.py``) and the engine's own process both run per file;
it never raises: every failure is an ``Outcome`` naming the problem.
"""
from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass
from pathlib import Path

from dockwise.cache import lines_key
from dockwise.extract.limits import clamp_position
from dockwise.model import BUG_HINT, FileError, FileResult
from dockwise.source import SourceError, decode_source, read_source
from dockwise.templating import is_template_text

SYNTAX_OK = "syntax-ok"  # a skipped file's cache entry: its syntax was checked, and is fine


# (rel, FileResult or None, error message or None, status, lines key or None); status:
# "done" (extracted, or an error), "skip" (the prefilter skipped the file: the FileResult,
# if any, says why it is no text / no Python; the key is SYNTAX_OK when the syntax was
# checked), "cached" (the prefilter found the lines of the known key: the caller holds
# that result)
Outcome = tuple[str, "FileResult | None", "str | None", str, "str | None"]


@dataclass(frozen=True)
class Item:
    """One Python file to analyse (sent to a worker process: plain, picklable data)."""

    rel: str  # root-relative path
    path: str | None = None  # where to read it (None: ``text`` is the source)
    text: str | bytes | None = None  # the source given (an editor buffer), or its bytes
    profile: object | None = None  # the prefilter's profile of the file (None: no prefilter)
    known: str | None = None  # the lines key of a cached result ("cached" when the lines match)
    syntax: bool = False  # a file named on the command line: its syntax is checked even if skipped


def analyse_one(item: Item, knowledge, prefilter=None) -> Outcome:
    """Read (when needed), prefilter, decode and extract one file; never raises."""
    rel, path, text, profile, known, syntax = item.rel, item.path, item.text, item.profile, item.known, item.syntax
    lines = key = None
    try:
        if text is not None:
            given = text  # the bytes given, or an editor buffer's text (already decoded)
        else:
            assert path is not None, "an Item gives its text or the path to read"
            given = read_source(Path(path))
        if profile is not None and prefilter is not None:
            raw = given if isinstance(given, bytes) else given.encode("utf-8", "surrogatepass")
            if not prefilter.keep(raw, profile):
                problem = skipped_file_problem(raw, rel, syntax)
                return rel, problem, None, "skip", SYNTAX_OK if syntax and problem is None else None
            lines = prefilter.lines(raw, profile)  # only the statements on these lines are parsed
            if lines is not None:
                key = lines_key(lines)
                if key == known:
                    return rel, None, None, "cached", key
        source = decode_source(given) if isinstance(given, bytes) else given
        # a file named on the command line (pre-commit's) is parsed whole: its syntax errors count
        return rel, analyse_python(source, rel, knowledge, lines, whole=bool(syntax)), None, "done", key
    except SourceError as exc:  # unreadable, not text, a bad encoding (the reading raises only this)
        return failed_outcome(rel, str(exc), "problem")
    except RecursionError:
        return failed_outcome(rel, "too deeply nested to analyse", "limit")
    except Exception as exc:  # boundary: one file's analysis; a bug is reported as its internal error
        return failed_outcome(rel, f"internal error: {exc!r} ({BUG_HINT})")


def failed_outcome(rel: str, message: str, kind: str = "internal") -> Outcome:
    """The outcome of a file that could not be analysed (``kind``: its FileError's)."""
    return rel, FileResult(rel, errors=(FileError(rel, message, kind=kind),)), None, "done", None


def skipped_file_problem(data: bytes, rel: str, syntax: bool = False) -> FileResult | None:
    """What is reported for a file the prefilter skips: that it is no text (NUL bytes, an
    encoding error) and, with ``syntax`` (a file named on the command line), a syntax
    error.  None when fine."""
    if b"\x00" in data or not data.isascii() or b"coding" in data[:400]:
        try:
            decode_source(data)
        except SourceError as exc:
            return FileResult(rel, errors=(FileError(rel, str(exc)),))
    if syntax:
        try:
            text = decode_source(data)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(text, rel, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except SyntaxError as err:
            if is_template_text(text):
                return None  # a template: rendered, not run as written
            line, column = clamp_position(text, err.lineno, err.offset)
            return FileResult(rel, errors=(FileError(rel, f"syntax error: {err.msg}", line, column),))
        except (SourceError, ValueError, RecursionError, MemoryError):
            return None
    return None


def analyse_python(source: str, rel: str, knowledge, lines: frozenset[int] | None = None,
                   whole: bool = False) -> FileResult:
    # LibCST (0.2 s to import) only once a file needs parsing: not for `--version`, a run
    # whose files the prefilter all skips, or a worker's start
    from dockwise.extract.python import extract_python

    return extract_python(source, rel, knowledge, lines=lines, whole=whole)
