"""`path:line:col: CODE message` lines, an indented suggestion, a summary."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from dockwise.engine import RunResult
from dockwise.report import evidence_text, safe, suggestion_text

_STYLE = {"path": "1", "code_error": "1;31", "code_warning": "1;33", "dim": "2", "ok": "32", "err": "31"}


def _c(text: str, style: str, colour: bool) -> str:
    return f"\x1b[{_STYLE[style]}m{text}\x1b[0m" if colour else text


def render(result: RunResult, *, colour: bool = False, quiet: bool = False, statistics: bool = False,
           cwd: Path | None = None) -> str:
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
            fixable = " (fixable)" if f.fix is not None and f.fix.applicability == "safe" else ""
            lines.append(f"    suggestion: {sug}{fixable}")
        via = evidence_text(f.evidence, lambda rel: result.display_path(rel, cwd))
        if via is not None and not quiet:
            lines.append(_c(f"    via: {via}", "dim", colour))
    for e in result.errors:
        loc = f"{e.path}:{e.line}:" if e.line else f"{e.path}:"
        lines.append(_c(f"error: {loc} {safe(e.message)}", "err", colour))
    if statistics and active:
        counts = Counter(f.code for f in active)
        for code, n in sorted(counts.items()):
            lines.append(f"{n:5d}  {code}")
    if not quiet:  # --quiet: findings (and file errors) only, no summary
        n = len(active)
        fixable = sum(1 for f in active if f.fix is not None and f.fix.applicability == "safe")
        if n:
            summary = f"Found {n} finding{'s' if n != 1 else ''} in {result.files_checked} file{'s' if result.files_checked != 1 else ''} checked"
            if fixable:
                summary += f" ({fixable} fixable with `dockwise fix`)"
            summary += "."
            lines.append(summary)
        elif result.errors:  # not "passed": some files could not be checked
            lines.append(f"No findings in {result.files_checked} file{'s' if result.files_checked != 1 else ''} checked.")
        else:
            lines.append(_c(f"All checks passed ({result.files_checked} file{'s' if result.files_checked != 1 else ''} checked).", "ok", colour))
        if result.errors:
            lines.append(f"{len(result.errors)} file error{'s' if len(result.errors) != 1 else ''}.")
    return "\n".join(lines) + ("\n" if lines else "")
