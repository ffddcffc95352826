"""Suppression comments: `# dockwise: ignore`, `# dockwise: ignore[DW101, DW102]`,
`# dockwise: ignore DW101`, and flake8/Ruff's `# noqa: DW101` (only the DW codes it lists)."""
from __future__ import annotations

import re
from typing import Iterable, Literal

from dockwise.config import code_matches
from dockwise.model import Finding

_SUPPRESS = re.compile(
    r"#\s*dockwise\s*:\s*(?:ignore|noqa)\b"
    r"(?:\s*\[(?P<bracketed>[^\]]*)\]|[ \t]+(?P<bare>DW\d*(?:\s*,\s*DW\d*|\s+DW\d*)*)\b)?",
    re.IGNORECASE,
)
# flake8's form, shared by every linter that honours it; a bare noqa comment (written for
# another tool) does not silence dockwise: only the DW codes a noqa comment lists
_NOQA = re.compile(r"#\s*noqa\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)", re.IGNORECASE)


def parse_suppression_comment(text: str) -> frozenset[str] | None | Literal[False]:
    """The codes a comment suppresses: a frozenset, None for all, or False for no suppression."""
    match = _SUPPRESS.search(text)
    if match is not None:
        listed = match.group("bracketed")
        if listed is None:
            listed = match.group("bare")
        if listed is None:
            return None
        codes = frozenset(c.upper() for c in re.split(r"[\s,]+", listed) if c)
        return codes or None
    noqa = _NOQA.search(text)
    if noqa is not None:
        codes = frozenset(c.upper() for c in re.split(r"[\s,]+", noqa.group("codes")) if c.upper().startswith("DW"))
        return codes or False
    return False


def is_suppressed(finding: Finding, sups: Iterable[tuple[int, frozenset[str] | None]]) -> bool:
    """Whether a suppression comment of the finding's line ((line, codes or None: all))
    covers its code."""
    for line, codes in sups:
        if line == finding.span.line and (codes is None or code_matches(finding.code, tuple(codes))):
            return True
    return False
