"""DW106 host-gateway-missing: a Compose service dials ``host.docker.internal`` without the
``extra_hosts`` entry Linux engines need (``rules/codes/DW106.yaml``)."""
from __future__ import annotations

from dockwise.checks.context import Context, ProjectIndex
from dockwise.checks.verdict import Verdict
from dockwise.layout.model import Service


def check(ctx: Context, svc: Service, index: ProjectIndex | None, host: str, mode: str) -> Verdict | None:
    """``host`` names the Docker host's gateway alias and ``svc`` dials it."""
    if svc.implicit or index is None or mode in ("host", "container"):
        return None
    if svc.has_host_gateway:
        return None
    overlay = bool(ctx.net_ids(index, svc) & index.overlay)
    extra = (" On an overlay network it names whichever node runs the task." if overlay else "")
    return Verdict(
        "DW106",
        f"`{host}` needs `extra_hosts: [\"{ctx.host_alias}:{ctx.gateway_value}\"]` in the "
        f"`{svc.name}` service (required on Linux engines; Docker Desktop adds it itself).{extra}",
        None,
    )
