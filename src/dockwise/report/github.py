"""GitHub Actions workflow commands: one ``::error``/``::warning`` annotation per finding.

``::error file=web/app.py,line=5,col=12,endLine=5,endColumn=21,title=DW101::message``

Escaping follows the runner (actions/toolkit ``command.ts``): the message (data) escapes
``%``, ``\\r`` and ``\\n``; property values additionally ``:`` and ``,``.
"""
from __future__ import annotations

from pathlib import Path

from dockwise.model import RunResult
from dockwise.report import safe, suggestion_text

_COMMANDS = {"error": "error", "warning": "warning"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: object) -> str:
    """``::name k=v,k=v::message`` with every part escaped (None-valued properties dropped)."""
    parts = [f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None]
    head = f"::{name} {','.join(parts)}" if parts else f"::{name}"
    return f"{head}::{escape_data(message)}"


def render(result: RunResult, cwd: Path | None = None) -> str:
    lines: list[str] = []
    for f in result.active:
        message = safe(f.message)
        sug = suggestion_text(f.suggestion)
        if sug is not None:
            message += f"\nSuggestion: {safe(sug)}"
        lines.append(
            command(
                _COMMANDS.get(f.severity, "notice"),
                message,
                file=result.display_path(f.span.path, cwd),
                line=f.span.line,
                col=f.span.column,
                endLine=f.span.end_line,
                endColumn=f.span.end_column,
                title=f.code,
            )
        )
    for e in result.errors:
        lines.append(command("error", safe(e.message), file=e.path, line=e.line, col=e.column, title="dockwise"))
    return "\n".join(lines) + ("\n" if lines else "")
