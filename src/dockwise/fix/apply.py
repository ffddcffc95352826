"""Apply the planned fixes: ``dockwise fix``, ``check --fix``, ``--diff``, ``--stdin-filename``.

``run_fix(result, ...)`` collects the fixes of the run's active findings (safe ones, and
unsafe ones with ``unsafe=True``), keeps the ones that do not overlap (the first fix to
claim a span wins; identical edits from several findings are applied once), applies them
per file, verifies each result (fix/verify.py) and writes it atomically (fix/write.py), and
says what it wrote: the caller (the CLI) checks the project again for what remains.

``--diff`` output (fix/diff.py) passes the credential redactor like every other output; the
fixed text written to files, or to stdout with ``--stdin-filename`` (the editor's new
buffer), is of course never redacted.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from dockwise.fix.diff import diff_hunks
from dockwise.fix.errors import FixError
from dockwise.fix.plan import attach_fixes, make_reader, run_fix_plan
from dockwise.fix.text import span_offsets, strip_bom
from dockwise.fix.verify import apply_text_edits
from dockwise.fix.write import write_file
from dockwise.model import FileError, Finding, Fix, RunResult
from dockwise.source import display_path

__all__ = ["FixOutcome", "Applied", "run_fix", "apply_fixes"]


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
    texts: dict[str, str] = {}
    by_file: dict[str, list[tuple[int, int, str]]] = {}
    fixes: list[tuple[int, Finding, Fix]] = []
    skipped: list[tuple[Finding, str]] = []
    for f in result.active:
        fix = f.fix
        if fix is None:
            planned = run_fix_plan(result, f, read)
            if isinstance(planned, FileError):  # attach_fixes reports it with the findings that remain
                skipped.append((f, planned.message))
                continue
            fix = planned
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
    layout = result.layout
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
            except Exception as exc:  # boundary: a bug in fixing one file is reported, that file is not fixed
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
            write_file(root, rel, originals[rel], changed[rel])
            written.add(rel)
        except FixError as exc:
            errors.append(FileError(display_path(root, rel), f"cannot fix: {exc}"))
        except Exception as exc:  # boundary: the fix writer's rollback; a bug is reported, the file is intact
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
