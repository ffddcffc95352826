"""DW103 published-port-inside: a service dialled by its published (host-side) port from
inside the network, ``db:15432`` where ``db`` maps ``15432:5432`` (``rules/codes/DW103.yaml``)."""
from __future__ import annotations

from dockwise.checks.verdict import Verdict, fmt
from dockwise.layout.model import Service
from dockwise.model import Endpoint, Suggestion


def check(ep: Endpoint, target: Service, name: str) -> Verdict | None:
    """``ep`` reaches ``target`` under ``name`` (checks.dw104 found it reachable); is its
    written port the container port?"""
    if ep.port_source not in ("explicit", "argument") or ep.port is None:
        return None
    port = ep.port
    if port in target.listen_ports:
        return None
    for p in target.ports:
        if p.published == port and p.target != port:
            return Verdict(
                "DW103",
                f"`{ep.text or name}` uses {port}, the port `{target.name}` publishes on the host; "
                f"inside the network its container port applies: use `{fmt(name, p.target)}`.",
                Suggestion(name, p.target),
            )
    return None
