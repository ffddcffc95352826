"""The stable JSON report (version 1)."""
from __future__ import annotations

import json
from pathlib import Path

from dockwise import __version__
from dockwise.engine import RunResult
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
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
