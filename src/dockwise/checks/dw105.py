"""DW105 unknown-service: a host name that no layout name matches but one is a typo away,
``postgress`` for ``postgres`` (``rules/codes/DW105.yaml``)."""
from __future__ import annotations

from dockwise.checks.context import ProjectIndex
from dockwise.checks.verdict import Verdict
from dockwise.layout.model import Service
from dockwise.model import Endpoint, Suggestion
from dockwise.typo import TypoIndex


def check(ep: Endpoint, svc: Service, index: ProjectIndex, key: str) -> Verdict | None:
    """``key`` (the lower-cased host) resolves to nothing in ``svc``'s project (checks.dw104
    looked); the one nearest name other than ``svc``'s own, if there is exactly one."""
    if index.typos is None:
        index.typos = TypoIndex(index.names)
    own = {n for n, entries in index.names.items() if any(t.name == svc.name for t, _, _ in entries)}
    best = [(d, n) for d, n in index.typos.near(key) if d > 0 and n not in own]
    if not best:
        return None
    best.sort()
    top = [n for d, n in best if d == best[0][0]]
    if len(set(top)) != 1:
        return None
    name = top[0]
    return Verdict(
        "DW105",
        f"`{ep.host}` is no service, alias, container_name or link in the layout; did you mean `{name}`?",
        Suggestion(name, None),
    )
