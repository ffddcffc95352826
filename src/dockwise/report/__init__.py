"""Findings -> text | json | sarif | github | graph.  Reporters only format: no analysis."""
from __future__ import annotations

from dockwise.model import HOLE, Evidence, Finding, Span, Suggestion
from dockwise.redact import redact


def suggestion_text(s: Suggestion | None) -> str | None:
    if s is None:
        return None
    host = f"[{s.host}]" if ":" in s.host else s.host
    return f"{host}:{s.port}" if s.port is not None else host


def safe(text: str) -> str:
    """Defence in depth: every message passes through the redactor before output."""
    return redact(text).replace(HOLE, "{…}")


def _loc(span: Span, show) -> dict:
    return {"path": show(span.path), "line": span.line, "column": span.column}


def evidence_dict(ev: Evidence | None, display=None) -> dict | None:
    """Where a finding's value is dialled and how its file runs, JSON-ready."""
    if ev is None:
        return None
    show = display or (lambda rel: rel)
    return {
        "sink": _loc(ev.sink, show) if ev.sink is not None else None,
        "kind": safe(ev.kind),
        "flow": [_loc(s, show) for s in ev.flow],
        "entry": safe(ev.entry) or None,
        "chain": [show(rel) for rel in ev.chain],
    }


def evidence_text(ev: Evidence | None, display=None) -> str | None:
    """One line: ``api/db.py:12 create_engine(url); runs: uvicorn app.main -> app/main.py -> app/db.py``."""
    if ev is None:
        return None
    show = display or (lambda rel: rel)
    parts = []
    if ev.sink is not None:
        parts.append(f"{show(ev.sink.path)}:{ev.sink.line} {safe(ev.kind)}")
    elif ev.kind:
        parts.append(safe(ev.kind))
    if ev.entry:
        chain = " -> ".join(show(rel) for rel in ev.chain) if len(ev.chain) > 1 else ""
        parts.append(f"runs: {safe(ev.entry)}" + (f" -> {chain}" if chain else ""))
    return "; ".join(parts) or None


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
        "evidence": evidence_dict(f.evidence, show),
        "fix": None if f.fix is None or any(safe(e.content) != e.content for e in f.fix.edits) else {
            "applicability": f.fix.applicability,
            "edits": [
                {"path": show(e.span.path), "line": e.span.line, "column": e.span.column, "end_line": e.span.end_line,
                 "end_column": e.span.end_column, "content": e.content}
                for e in f.fix.edits
            ],
        },
    }
