"""DW107 deprecated-host-alias: ``docker.for.mac.localhost`` and its relatives no longer
resolve (``rules/codes/DW107.yaml``)."""
from __future__ import annotations

from dockwise.checks.context import Context
from dockwise.checks.verdict import Verdict
from dockwise.layout.model import Service
from dockwise.model import Suggestion


def check(ctx: Context, svc: Service, host: str, mode: str) -> Verdict | None:
    """``host`` is a deprecated alias (``rules/hosts.yaml``) that ``svc`` dials."""
    replacement = ctx.knowledge.hosts.deprecated_aliases.get(host.lower(), ctx.host_alias)
    note = "" if mode == "host" else ctx.gateway_note(svc)
    return Verdict(
        "DW107",
        f"`{host}` is a deprecated Docker Desktop alias and does not resolve on current engines; "
        f"use `{replacement}`.{note}",
        Suggestion(replacement, None),
    )
