"""Apply the planned fixes: ``dockwise fix``, ``check --fix``, ``--diff``, ``--stdin-filename``.

``run_fix(result, ...)`` collects the fixes of the run's active findings (safe ones, and
unsafe ones with ``unsafe=True``), keeps the ones that do not overlap (the first fix to
claim a span wins; identical edits from several findings are applied once), applies them
per file, verifies each result and writes it atomically, and says what it wrote: the
caller (the CLI) checks the project again for what remains.

Per file kind:

- Python: a LibCST transformer rewrites only the string-literal nodes (``SimpleString``,
  ``FormattedStringText``, also inside ``ConcatenatedString``) and integer nodes (a port
  argument) that contain the edits; a pure insertion between arguments of a call (DW201's
  ``host="0.0.0.0"``) re-parses that call only.  The result must re-parse and must equal
  the original with exactly the edits spliced in (nothing else changed, byte for byte).
- Compose YAML: exact span edits on the text; the result must load with ``yaml.safe_load``
  to the same structure (edited strings may change, an ``extra_hosts`` entry may appear,
  no value may change type).
- .env files: exact span edits; the same variables must parse out in the same order.
- Dockerfiles: exact span edits on single lines.

``--diff`` output passes the credential redactor like every other output (see
``unified_diff``); the fixed text written to files, or to stdout with ``--stdin-filename``
(the editor's new buffer), is of course never redacted.

Writing: temp file in the same directory + ``os.replace`` (mode kept), only when the file
on disk still holds the text the check read, never through a symlink leaving the project
root, never outside the root.  Every failure is a FileError and leaves the file intact.
"""
from __future__ import annotations

import codecs
import difflib
import errno
import io
import os
import re
import stat
import tempfile
import tokenize
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple, Sequence

import yaml

from dockwise.fix.plan import (
    GATEWAY_ENTRY,
    HOST_ALIAS,
    attach_fixes,
    line_starts,
    make_reader,
    plan_fix,
    rule_applicability,
    span_offsets,
    splice,
    strip_bom,
)
from dockwise.layout.dotenv import read_dotenv
from dockwise.model import FileError, Finding, Fix, RunResult
from dockwise.redact import redact
from dockwise.source import display_path

__all__ = ["FixOutcome", "FixError", "Applied", "run_fix", "apply_fixes", "apply_text_edits", "write_atomic"]


class FixError(Exception):
    """A file whose fixes cannot be applied safely (the file is left as it is)."""


@dataclass
class FixOutcome:
    remaining: RunResult  # the run's, fixes attached (the caller re-checks after writing)
    diff: str = ""
    stdout: str = ""
    applied: int = 0  # findings whose fixes were applied (or would be, with --diff)
    files_changed: int = 0
    errors: tuple[FileError, ...] = ()
    skipped: tuple[tuple[Finding, str], ...] = ()  # fixes not applied, with the reason
    changed: dict[str, str] = field(default_factory=dict)  # rel path -> fixed text
    fixed: tuple[Finding, ...] = ()  # the findings whose fixes were applied (--show-fixes)
    left_out: tuple[tuple[str, int], ...] = ()  # --diff: (file, hunks not shown: they hold a secret)
    # what the caller checks again for what remains (a fix never runs the check, a stage
    # above it): the files written, or the path of the stdin text fixed (``stdout``)
    written: tuple[str, ...] = ()
    stdin_rel: str | None = None


# --------------------------------------------------------------------------- file kinds


def file_kind(rel: str, layout=None) -> str:
    name = rel.rsplit("/", 1)[-1].lower()
    if name.endswith((".py", ".pyw")):
        return "python"
    if name.endswith((".yml", ".yaml")):
        return "yaml"
    for project in getattr(layout, "projects", ()) or ():
        if rel in project.files:
            return "yaml"
    if name in ("dockerfile", "containerfile") or name.startswith(("dockerfile.", "containerfile.")) \
            or name.endswith((".dockerfile", ".containerfile")):
        return "dockerfile"
    return "env"


# --------------------------------------------------------------------------- Python (LibCST)

_LITERAL_CONTENT = re.compile(r"[A-Za-z0-9._:\-\[\]%@/]*\Z")


def _python_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    # LibCST (0.2 s to import) only where a Python file is fixed, not for a Compose fix
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    try:
        module = cst.parse_module(text)
    except Exception as exc:
        raise FixError(f"LibCST cannot parse the file ({type(exc).__name__})") from None
    if module.code != text:
        raise FixError("LibCST does not reproduce the file exactly")
    starts = line_starts(text)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)

    class LiteralEditor(cst.CSTTransformer):
        METADATA_DEPENDENCIES = (PositionProvider,)

        def __init__(self) -> None:
            super().__init__()
            self.pending = list(edits)
            self.done: list[tuple[int, int, str]] = []

        def _range(self, node) -> tuple[int, int]:
            rng = self.get_metadata(PositionProvider, node)
            return (starts[rng.start.line - 1] + rng.start.column, starts[rng.end.line - 1] + rng.end.column)

        def _take(self, lo: int, hi: int, literal: bool) -> list[tuple[int, int, str]]:
            mine = [e for e in self.pending if lo <= e[0] and e[1] <= hi]
            if literal:
                for e in mine:
                    if not _LITERAL_CONTENT.match(e[2]):
                        raise FixError(f"refusing to write {e[2]!r} into a string literal")
            for e in mine:
                self.pending.remove(e)
                self.done.append(e)
            return mine

        def _rewrite(self, node, start: int, lo: int, hi: int, literal: bool = True):
            mine = self._take(lo, hi, literal)
            if not mine:
                return None
            value = node.value
            if text[start:start + len(value)] != value:
                raise FixError("the positions of a literal do not match its text")
            return splice(value, [(a - start, b - start, c) for a, b, c in mine])

        def leave_SimpleString(self, original_node, updated_node):
            s, e = self._range(original_node)
            prefix, quote = len(original_node.prefix), len(original_node.quote)
            new = self._rewrite(original_node, s, s + prefix + quote, e - quote)
            return updated_node if new is None else updated_node.with_changes(value=new)

        def leave_FormattedStringText(self, original_node, updated_node):
            s, e = self._range(original_node)
            new = self._rewrite(original_node, s, s, e)
            return updated_node if new is None else updated_node.with_changes(value=new)

        def leave_Integer(self, original_node, updated_node):
            s, e = self._range(original_node)
            mine = [x for x in self.pending if s <= x[0] and x[1] <= e]
            if mine and all(x[2].isdigit() for x in mine):
                new = self._rewrite(original_node, s, s, e, literal=False)
                return updated_node.with_changes(value=new)
            return updated_node

        def leave_Call(self, original_node, updated_node):
            s, e = self._range(original_node)
            inserts = [x for x in self.pending if x[0] == x[1] and s < x[0] < e]
            if not inserts:
                return updated_node
            inner = [x for x in self.pending + self.done if s <= x[0] and x[1] <= e]
            for x in inner:
                if x in self.pending:
                    self.pending.remove(x)
                if x not in self.done:
                    self.done.append(x)
            new_text = splice(text[s:e], [(a - s, b - s, c) for a, b, c in inner])
            try:
                node = cst.parse_expression(new_text)
            except Exception:
                raise FixError("an inserted argument does not parse") from None
            if not isinstance(node, cst.Call):
                raise FixError("an inserted argument does not parse as a call")
            return node.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)

    editor = LiteralEditor()
    try:
        new_module = wrapper.visit(editor)
    except RecursionError:
        raise FixError("too deeply nested to fix") from None
    if editor.pending:
        raise FixError("an edit lies outside every string literal")
    code = new_module.code
    if code != splice(text, edits):
        raise FixError("the rewritten file differs outside the edited spans")
    try:
        cst.parse_module(code)
    except Exception:
        raise FixError("the fixed file no longer parses") from None
    return code


# --------------------------------------------------------------------------- YAML / .env / Dockerfile


class _Mismatch(Exception):
    pass


def _yaml_docs(text: str):
    return list(yaml.safe_load_all(text))


def _compatible(a, b, key=None, memo=None) -> None:
    """``b`` is ``a`` with strings/ints edited and host-gateway entries added; raises _Mismatch."""
    memo = memo if memo is not None else set()
    mark = (id(a), id(b))
    if mark in memo:
        return
    memo.add(mark)
    if isinstance(a, dict):
        if not isinstance(b, dict):
            raise _Mismatch(key)
        missing = [k for k in a if k not in b]
        if missing:
            raise _Mismatch(missing[0])
        for k in b:
            if k not in a:
                if key == "extra_hosts" and k == HOST_ALIAS and b[k] == "host-gateway":
                    continue
                if k != "extra_hosts" or not _is_gateway(b[k]):
                    raise _Mismatch(k)
        if [k for k in b if k in a] != list(a):
            raise _Mismatch("key order")
        for k in a:
            _compatible(a[k], b[k], k, memo)
        return
    if isinstance(a, list):
        if not isinstance(b, list):
            raise _Mismatch(key)
        if key == "extra_hosts" and len(b) == len(a) + 1 and b[-1] == GATEWAY_ENTRY:
            b = b[:-1]
        if len(a) != len(b):
            raise _Mismatch(key)
        for x, y in zip(a, b, strict=True):
            _compatible(x, y, key, memo)
        return
    if key == "extra_hosts" and a is None and _is_gateway(b):
        return
    if type(a) is not type(b):
        raise _Mismatch(key)
    if isinstance(a, (str, int)) and not isinstance(a, bool):
        return
    if a != b:
        raise _Mismatch(key)


def _is_gateway(value) -> bool:
    if isinstance(value, list):
        return value == [GATEWAY_ENTRY]
    if isinstance(value, dict):
        return value == {HOST_ALIAS: "host-gateway"}
    return False


def _check_yaml(old: str, new: str) -> None:
    try:
        before = _yaml_docs(old)
    except (yaml.YAMLError, RecursionError, ValueError):
        raise FixError("the file is not valid YAML") from None
    try:
        after = _yaml_docs(new)
    except (yaml.YAMLError, RecursionError, ValueError):
        raise FixError("the fixed file would no longer be valid YAML") from None
    try:
        if len(before) != len(after):
            raise _Mismatch("documents")
        for x, y in zip(before, after, strict=True):
            _compatible(x, y)
    except _Mismatch as exc:
        raise FixError(f"the fix would change the YAML structure (at {exc.args[0]!r})") from None
    except RecursionError:
        raise FixError("too deeply nested to verify") from None


def _check_env(old: str, new: str, rel: str) -> None:
    before = [e.var.name for e in read_dotenv(old, rel).entries]
    after = [e.var.name for e in read_dotenv(new, rel).entries]
    if before != after:
        raise FixError("the fix would change which variables the file sets")


def apply_text_edits(rel: str, text: str, edits: Sequence[tuple[int, int, str]], layout=None) -> str:
    """The fixed text of one file (offset edits), verified for its kind; raises FixError."""
    edits = sorted(edits, key=lambda e: (e[0], e[1]))
    if not edits:
        return text
    kind = file_kind(rel, layout)
    if kind == "python":
        return _python_edits(text, list(edits))
    new = splice(text, edits)
    if kind == "yaml":
        _check_yaml(text, new)
    elif kind == "env":
        _check_env(text, new, rel)
    else:  # Dockerfile: single-line edits only
        for a, b, c in edits:
            if "\n" in c or "\r" in c or "\n" in text[a:b] or "\r" in text[a:b]:
                raise FixError("a multi-line edit in a Dockerfile")
    return new


# --------------------------------------------------------------------------- choosing edits


@dataclass
class _Plan:
    texts: dict[str, str]  # rel -> original text (BOM-free)
    accepted: list[tuple[Finding, Fix, list[tuple[str, int, int, str]]]]
    skipped: list[tuple[Finding, str]]


def _overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    (s1, e1, c1), (s2, e2, c2) = a, b
    if (s1, e1) == (s2, e2):
        return c1 != c2
    if s1 == e1 and s2 == e2:
        return False  # insertions at different points
    if s1 == e1:
        return s2 < s1 < e2
    if s2 == e2:
        return s1 < s2 < e1
    return s1 < e2 and s2 < e1


def _collect(result, *, unsafe: bool, only: str | None) -> _Plan:
    read = make_reader(result.root, result.sources)
    layout = getattr(result, "layout", None)
    texts: dict[str, str] = {}
    by_file: dict[str, list[tuple[int, int, str]]] = {}
    fixes: list[tuple[int, Finding, Fix]] = []
    skipped: list[tuple[Finding, str]] = []
    for f in result.active:
        fix = f.fix
        if fix is None:
            fix = plan_fix(f, read(f.span.path), applicability=rule_applicability(result, f.code),
                           layout=layout, read=read)
        if fix is None or not fix.edits:
            continue
        if fix.applicability != "safe" and not unsafe:
            skipped.append((f, "unsafe fix (use --unsafe-fixes)"))
            continue
        fixes.append((0 if fix.applicability == "safe" else 1, f, fix))
    fixes.sort(key=lambda t: t[0])
    accepted = []
    for _, f, fix in fixes:
        offs: list[tuple[str, int, int, str]] = []
        ok = True
        for edit in fix.edits:
            rel = edit.span.path
            if only is not None and rel != only:
                continue
            text = texts.get(rel)
            if text is None:
                text = read(rel)
                if text is None:
                    ok = False
                    break
                texts[rel] = text
            hit = span_offsets(text, edit.span)
            if hit is None:
                ok = False
                break
            offs.append((rel, hit[0], hit[1], edit.content))
        if not ok:
            skipped.append((f, "the fix no longer matches the file"))
            continue
        if not offs:
            continue
        conflict = False
        for rel, a, b, c in offs:
            for other in by_file.get(rel, ()):
                if _overlaps((a, b, c), other):
                    conflict = True
        if conflict:
            skipped.append((f, "conflicts with another fix on the same text"))
            continue
        for rel, a, b, c in offs:
            if (a, b, c) not in by_file.setdefault(rel, []):
                by_file[rel].append((a, b, c))
        accepted.append((f, fix, offs))
    return _Plan(texts, accepted, skipped)


class Applied(NamedTuple):
    changed: dict[str, str]  # rel path -> fixed text (files that change)
    originals: dict[str, str]  # rel path -> text the fixes were planned on
    accepted: list  # [(finding, fix, [(rel, start, end, content), ...])]
    skipped: list  # [(finding, reason)]
    failed: dict[str, str]  # rel path -> why the file cannot be fixed


def apply_fixes(result, *, unsafe: bool = False, only: str | None = None) -> Applied:
    """The fixed texts of a run's files, computed in memory.

    Pure: nothing is written.  A file whose result fails verification is dropped with all
    the fixes that touch it (other files of those fixes are recomputed without them).
    """
    plan = _collect(result, unsafe=unsafe, only=only)
    layout = getattr(result, "layout", None)
    accepted = list(plan.accepted)
    skipped = list(plan.skipped)
    failed: dict[str, str] = {}
    while True:
        per_file: dict[str, list[tuple[int, int, str]]] = {}
        for _, _, offs in accepted:
            for rel, a, b, c in offs:
                lst = per_file.setdefault(rel, [])
                if (a, b, c) not in lst:
                    lst.append((a, b, c))
        new_texts: dict[str, str] = {}
        bad = None
        for rel in sorted(per_file):
            try:
                new_texts[rel] = apply_text_edits(rel, plan.texts[rel], per_file[rel], layout)
            except FixError as exc:
                bad = (rel, str(exc))
                break
            except (RecursionError, MemoryError):
                bad = (rel, "too large or too deeply nested to fix")
                break
            except Exception as exc:  # an internal bug: that file is not fixed, never a crash
                bad = (rel, f"internal error while fixing: {exc!r}")
                break
        if bad is None:
            break
        failed[bad[0]] = bad[1]
        keep = []
        for item in accepted:
            if any(rel == bad[0] for rel, *_ in item[2]):
                skipped.append((item[0], f"{bad[0]}: {bad[1]}"))
            else:
                keep.append(item)
        accepted = keep
    changed = {rel: t for rel, t in new_texts.items() if t != plan.texts[rel]}
    return Applied(changed, plan.texts, accepted, skipped, failed)


# --------------------------------------------------------------------------- writing


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


def _write_file(root: Path, rel: str, original: str, new: str) -> None:
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


# --------------------------------------------------------------------------- diff


def unified_diff(rel: str, old: str, new: str, *, redacted: bool = True) -> str:
    """A unified diff of one file (see :func:`diff_hunks`: with ``redacted``, the hunks that
    show a secret are left out)."""
    return diff_hunks(rel, old, new, redacted=redacted)[0]


def diff_hunks(rel: str, old: str, new: str, *, redacted: bool = True) -> tuple[str, int]:
    """(a unified diff of one file, how many hunks were left out).

    With ``redacted`` (what ``--diff`` prints), a hunk whose lines show a password, token or
    key is left out rather than printed with ``****`` in it: CI logs must never show a
    credential, and a masked hunk would not apply.  Where a secret is only in a hunk's
    context, less context (down to one line) keeps the hunk.  Every printed hunk applies with
    ``git apply``/``patch``; ``dockwise fix`` applies the others."""
    best: tuple[int, str, int] | None = None  # (changed lines shown, diff, hunks left out)
    for context in (3, 2, 1) if redacted else (3,):
        text, left_out = _diff_hunks(rel, old, new, context, redacted)
        shown = sum(1 for line in text.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---")))
        if best is None or shown > best[0]:
            best = (shown, text, left_out)
        if left_out == 0:
            break
    assert best is not None
    return best[1], best[2]


def _diff_hunks(rel: str, old: str, new: str, context: int, redacted: bool) -> tuple[str, int]:
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    head: list[str] = []
    hunks: list[list[str]] = []
    secret: list[bool] = []  # whether each hunk shows a secret
    for line in difflib.unified_diff(a, b, f"a/{rel}", f"b/{rel}", n=context):
        if not hunks and line.startswith(("---", "+++")):
            head.append(line.rstrip("\n") + "\n")
            continue
        if line.startswith("@@"):
            hunks.append([])
            secret.append(False)
        elif redacted and line[:1] in (" ", "-", "+") and redact(line[1:]) != line[1:]:
            secret[-1] = True
        if not line.endswith(("\n", "\r")):
            line = line + "\n\\ No newline at end of file\n"
        hunks[-1].append(line)
    kept = [lines for lines, shows in zip(hunks, secret, strict=True) if not shows]
    left_out = len(hunks) - len(kept)
    if not kept:
        return "", left_out
    return "".join(head) + "".join("".join(lines) for lines in kept), left_out


# --------------------------------------------------------------------------- the command


def _stdin_rel(result, stdin_source: str | None) -> str | None:
    sources = result.sources or {}
    if stdin_source is None:
        return None
    want = strip_bom(stdin_source)
    hits = [rel for rel, text in sources.items() if strip_bom(text) == want]
    paths = {f.span.path for f in result.active}
    for rel in hits:
        if rel in paths:
            return rel
    return hits[0] if hits else None


def run_fix(result: RunResult, *, unsafe: bool = False, diff_only: bool = False,
            stdin: bool = False, stdin_source: str | None = None) -> FixOutcome:
    """Apply the run's fixes (see the module docstring) and say what was written; the
    caller checks the written files (``written``, ``stdin_rel``) again for what remains."""
    root = Path(result.root)
    only = _stdin_rel(result, stdin_source) if stdin else None
    if stdin and only is None:
        return FixOutcome(remaining=attach_fixes(result), stdout=stdin_source or "")
    changed, originals, accepted, skipped, failed = apply_fixes(result, unsafe=unsafe, only=only)
    errors = [FileError(display_path(root, rel), f"cannot fix: {msg}") for rel, msg in sorted(failed.items())]

    if diff_only:
        parts = {rel: diff_hunks(rel, originals[rel], changed[rel]) for rel in sorted(changed)}
        diff = "".join(text for text, _ in parts.values())
        secret = tuple((display_path(root, rel), n) for rel, (_, n) in parts.items() if n)
        remaining = attach_fixes(result)
        if errors:
            remaining = replace(remaining, errors=tuple(remaining.errors) + tuple(errors))
        return FixOutcome(remaining=remaining, diff=diff, applied=len(accepted), files_changed=len(changed),
                          errors=tuple(errors), skipped=tuple(skipped), changed=dict(changed), left_out=secret)

    if only is not None:  # stdin: the one file fixed
        new = changed.get(only)
        out = FixOutcome(remaining=attach_fixes(result), stdout=new if new is not None else (stdin_source or ""),
                         applied=len(accepted) if new is not None else 0, files_changed=1 if new is not None else 0,
                         skipped=tuple(skipped), changed=dict(changed), errors=tuple(errors),
                         stdin_rel=only if new is not None else None)
        if errors:
            out.remaining = replace(out.remaining, errors=tuple(out.remaining.errors) + tuple(errors))
        return out

    written: set[str] = set()
    for rel in sorted(changed):
        try:
            _write_file(root, rel, originals[rel], changed[rel])
            written.add(rel)
        except FixError as exc:
            errors.append(FileError(display_path(root, rel), f"cannot fix: {exc}"))
        except Exception as exc:  # an internal bug: reported, the file is intact
            errors.append(FileError(display_path(root, rel), f"cannot fix: internal error {exc!r}"))
    applied = 0
    fixed: list[Finding] = []
    for f, _, offs in accepted:
        rels = {rel for rel, *_ in offs if rel in changed}
        if rels and rels <= written:
            applied += 1
            fixed.append(f)
        elif rels - written:
            skipped.append((f, "a file of the fix could not be written"))
    remaining = attach_fixes(result)
    if errors:
        remaining = replace(remaining, errors=tuple(remaining.errors) + tuple(errors))
    return FixOutcome(remaining=remaining, applied=applied, files_changed=len(written), errors=tuple(errors),
                      skipped=tuple(skipped), changed={rel: changed[rel] for rel in written}, fixed=tuple(fixed),
                      written=tuple(sorted(written)))
