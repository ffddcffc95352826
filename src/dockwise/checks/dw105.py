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
    lead = f"`{ep.host}` is no service, alias, container_name or link in the layout; did you mean `{name}`?"
    # the port written beside the misspelt name is checked against the service meant: where
    # that service listens on one other port alone, and declares it (`ports:`, `expose:`; not
    # only its image's default, which a configuration we do not read may move), the fix must
    # change the port too
    targets = {t.name: t for t, _, _ in index.names.get(name, ())}
    listens = {p for t in targets.values() for p in t.listen_ports}
    declared = {p.target for t in targets.values() for p in t.ports} | {p for t in targets.values() for p in t.expose}
    if ep.port is not None and ep.port_source == "explicit" and len(listens) == 1 and ep.port not in listens \
            and listens <= declared:
        (port,) = listens
        return Verdict("DW105", f"{lead} It listens on {port}, not on {ep.port}: use `{name}:{port}`.",
                       Suggestion(name, port))
    return Verdict("DW105", lead, Suggestion(name, None))
