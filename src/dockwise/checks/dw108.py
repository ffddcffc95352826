"""DW108 no-network: a service with ``network_mode: none`` dials anything but its own
loopback (``rules/codes/DW108.yaml``)."""
from __future__ import annotations

from dockwise.checks.verdict import Verdict, who
from dockwise.layout.model import Service
from dockwise.model import Endpoint


def check(ep: Endpoint, svc: Service, host: str, kind: str) -> Verdict | None:
    """``ep`` is a connect target in a container whose network mode is ``none``."""
    if kind in ("loopback",):
        return None
    if kind in ("invalid", "localhost-subdomain"):
        return None
    return Verdict(
        "DW108",
        f"{who(svc)} runs with `network_mode: none`: it has no network, so "
        f"`{ep.text or host}` can never be reached.",
        None,
    )
