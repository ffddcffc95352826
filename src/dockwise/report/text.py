"""`path:line:col: CODE message` lines, an indented suggestion, a summary."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dockwise.model import RunResult
from dockwise.report import evidence_text, safe, suggestion_text

if TYPE_CHECKING:
    from dockwise.knowledge import RuleEntry

_STYLE = {"path": "1", "code_error": "1;31", "code_warning": "1;33", "dim": "2", "ok": "32", "err": "31"}


def _c(text: str, style: str, colour: bool) -> str:
    return f"\x1b[{_STYLE[style]}m{text}\x1b[0m" if colour else text


def _fix_note(f) -> str:
    """How the suggestion can be applied: " (fixable)", " (unsafe fix: --unsafe-fixes)"."""
    if f.fix is None:
        return ""
    return " (fixable)" if f.fix.applicability == "safe" else " (unsafe fix: --unsafe-fixes)"


def statistics_rows(active, codes: dict[str, RuleEntry]) -> list[tuple[str, str, int, int, int]]:
    """(code, rule name, count, fixable, fixable with --unsafe-fixes) per code."""
    by_code: dict[str, list] = {}
    for f in active:
        by_code.setdefault(f.code, []).append(f)
    rows = []
    for code, found in sorted(by_code.items()):
        safe_n = sum(1 for f in found if f.fix is not None and f.fix.applicability == "safe")
        unsafe_n = sum(1 for f in found if f.fix is not None and f.fix.applicability != "safe")
        entry = codes.get(code)
        rows.append((code, entry.name if entry else "", len(found), safe_n, unsafe_n))
    return rows


def statistics_text(active, codes: dict[str, RuleEntry]) -> str:
    """Ruff's ``--statistics``: count, code, ``[*]`` where some are fixable, the rule's name,
    then how many ``dockwise fix`` fixes (and how many more ``--unsafe-fixes`` does)."""
    rows = []
    for code, name, n, safe_n, unsafe_n in statistics_rows(active, codes):
        mark = "[*] " if safe_n else "[-] " if unsafe_n else "    "
        rows.append((str(n), code, mark + name, f"{safe_n} fixable" + (f", {unsafe_n} unsafe" if unsafe_n else "")))
    if not rows:
        return ""
    width = [max(len(r[i]) for r in rows) for i in range(3)]
    return "".join(f"{r[0]:>{width[0]}}\t{r[1]:<{width[1]}}\t{r[2]:<{width[2]}}\t{r[3]}\n" for r in rows)


def render(result: RunResult, *, colour: bool = False, quiet: bool = False, cwd: Path | None = None) -> str:
    lines: list[str] = []
    active = result.active
    for f in active:
        path = result.display_path(f.span.path, cwd)
        where = _c(f"{path}:{f.span.line}:{f.span.column}:", "path", colour)
        code = _c(f.code, "code_warning" if f.severity == "warning" else "code_error", colour)
        svc = f" [{', '.join(f.services)}]" if f.services else ""
        lines.append(f"{where} {code} {safe(f.message)}{_c(svc, 'dim', colour)}")
        sug = suggestion_text(f.suggestion)
        if sug is not None and not quiet:
            lines.append(f"    suggestion: {sug}{_fix_note(f)}")
        via = evidence_text(f.evidence, lambda rel: result.display_path(rel, cwd))
        if via is not None and not quiet:
            lines.append(_c(f"    via: {via}", "dim", colour))
    for e in result.errors:
        loc = f"{e.path}:{e.line}:" if e.line else f"{e.path}:"
        lines.append(_c(f"error: {loc} {safe(e.message)}", "err", colour))
    if not quiet:  # --quiet: findings (and file errors) only, no summary
        n = len(active)
        fixable = sum(1 for f in active if f.fix is not None and f.fix.applicability == "safe")
        unsafe = sum(1 for f in active if f.fix is not None and f.fix.applicability != "safe")
        files = f"{result.files_checked} file{'s' if result.files_checked != 1 else ''} checked"
        if n:
            summary = f"Found {n} finding{'s' if n != 1 else ''} in {files}"
            notes = []
            if fixable:
                notes.append(f"{fixable} fixable with `dockwise fix`")
            if unsafe:
                notes.append(f"{unsafe} more fixable with --unsafe-fixes")
            if notes:
                summary += f" ({'; '.join(notes)})"
            summary += "."
            lines.append(summary)
        elif result.errors:  # not "passed": some files could not be checked
            lines.append(f"No findings in {files}.")
        elif result.container_files == 0:  # nothing was container code: nothing was judged
            lines.append(f"No file here runs in a container: nothing to judge ({files}).")
        else:
            lines.append(_c(f"All checks passed ({result.files_checked} file{'s' if result.files_checked != 1 else ''} checked).", "ok", colour))
        if result.errors:
            lines.append(f"{len(result.errors)} file error{'s' if len(result.errors) != 1 else ''}.")
    return "\n".join(lines) + ("\n" if lines else "")
