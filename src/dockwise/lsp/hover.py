"""Hover: the rules of the diagnostics under the cursor, explained from their entries in
``rules/codes`` with a link to the whole entry."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from dockwise.knowledge import RuleEntry

RULE_URL = "https://github.com/dockwise/dockwise/blob/main/rules/codes/{code}.yaml"


def hover_text(codes: Iterable[str], entries: dict[str, RuleEntry]) -> str | None:
    """Markdown for the rules of the diagnostics under the cursor: code, name, the short
    explanation of ``rules/codes/<CODE>.yaml`` and a link to the whole entry.  ``entries``:
    the rules of the run that published them (with the configured rule packs)."""
    parts = []
    for code in dict.fromkeys(codes):
        entry = entries.get(code)
        summary = " ".join(entry.summary.split()) if entry else ""
        name = entry.name if entry else ""
        parts.append(f"**{code}** `{name}`\n\n{summary}\n\n[{code} documentation]({RULE_URL.format(code=code)})")
    return "\n\n---\n\n".join(parts) or None
