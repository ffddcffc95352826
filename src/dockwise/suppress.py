"""`# dockwise: ignore` / `# dockwise: ignore[DW101, DW102]` suppression comments."""
from __future__ import annotations

import re

_SUPPRESS = re.compile(r"#\s*dockwise\s*:\s*(?:ignore|noqa)\b(?:\s*\[([^\]]*)\])?", re.IGNORECASE)


def parse_suppression_comment(text: str) -> frozenset[str] | None | bool:
    """The codes a comment suppresses: a frozenset, None for all, or False for no suppression."""
    match = _SUPPRESS.search(text)
    if match is None:
        return False
    if match.group(1) is None:
        return None
    codes = frozenset(c.strip().upper() for c in match.group(1).split(",") if c.strip())
    return codes or None
