"""The stable JSON report (version 1)."""
from __future__ import annotations

import json
from pathlib import Path

from dockwise import __version__
from dockwise.model import RunResult
from dockwise.report import finding_dict, safe


def render(result: RunResult, cwd: Path | None = None) -> str:
    data = {
        "version": 1,
        "tool": {"name": "dockwise", "version": __version__},
        "findings": [finding_dict(f, result.display_path(f.span.path, cwd), lambda rel: result.display_path(rel, cwd)) for f in result.active],
        "errors": [
            {k: v for k, v in {"path": e.path, "message": safe(e.message), "line": e.line, "column": e.column}.items()
             if v is not None}
            for e in result.errors
        ],
        "suppressed": sum(1 for f in result.findings if f.suppressed),
    }
    return dumps(data)


def dumps(data: dict) -> str:
    """``data`` as JSON: a key per line, an entry of a list per line (readable, and written
    by the C encoder: ``indent`` would switch to the pure-Python one, slow on big runs)."""
    lines = ["{"]
    last = len(data) - 1
    for i, (key, value) in enumerate(data.items()):
        comma = "," if i < last else ""
        if isinstance(value, list) and value:
            inner = ",\n".join("    " + json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f"  {json.dumps(key)}: [\n{inner}\n  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"
