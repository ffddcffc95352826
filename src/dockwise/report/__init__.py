"""Findings -> text | json | sarif | github | graph.  Reporters only format: no analysis."""
from __future__ import annotations

from dockwise.model import Finding, Suggestion


def suggestion_text(s: Suggestion | None) -> str | None:
    if s is None:
        return None
    host = f"[{s.host}]" if ":" in s.host else s.host
    return f"{host}:{s.port}" if s.port is not None else host


def safe(text: str) -> str:
    """Defence in depth: every message passes through the redactor before output."""
    from dockwise.extract.address import redact
    from dockwise.model import HOLE

    return redact(text).replace(HOLE, "{…}")


def finding_dict(f: Finding, path: str, display=None) -> dict:
    """JSON-ready finding; ``display`` maps root-relative paths (of fix edits) to shown paths.

    A fix whose replacement text carries a credential is left out (``"fix": null``), as in
    SARIF: the report never prints a secret, and a redacted edit would corrupt the file."""
    show = display or (lambda rel: rel)
    return {
        "path": path,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "code": f.code,
        "severity": f.severity,
        "message": safe(f.message),
        "service": f.service,
        "services": list(f.services),
        "target": {"host": f.target_host, "port": f.target_port},
        "suggestion": None if f.suggestion is None else {"host": f.suggestion.host, "port": f.suggestion.port},
        "fix": None if f.fix is None or any(safe(e.content) != e.content for e in f.fix.edits) else {
            "applicability": f.fix.applicability,
            "edits": [
                {"path": show(e.span.path), "line": e.span.line, "column": e.span.column, "end_line": e.span.end_line,
                 "end_column": e.span.end_column, "content": e.content}
                for e in f.fix.edits
            ],
        },
    }
