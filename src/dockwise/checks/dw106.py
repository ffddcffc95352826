"""DW106 host-gateway-missing: a Compose service dials ``host.docker.internal`` without the
``extra_hosts`` entry Linux engines need (``rules/codes/DW106.yaml``)."""
from __future__ import annotations

from dockwise.checks.context import Context, ProjectIndex
from dockwise.checks.dw102 import published_there
from dockwise.checks.verdict import Verdict
from dockwise.layout.model import Service


def check(ctx: Context, svc: Service, index: ProjectIndex | None, host: str, mode: str,
          port: int | None = None) -> Verdict | None:
    """``host`` names the Docker host's gateway alias and ``svc`` dials it (at ``port``)."""
    if svc.implicit or index is None or mode in ("host", "container"):
        return None
    if svc.has_host_gateway:
        return None
    overlay = bool(ctx.net_ids(index, svc) & index.overlay)
    extra = (" On an overlay network it names whichever node runs the task." if overlay else "")
    published = published_there(ctx, index, svc, port)
    if published is not None:
        # the host's port is one a service of the project publishes: its container is reached
        # directly on the shared network, without the host (and without the entry)
        other, target, name = published
        extra += (f" The port is the one the `{other.name}` service publishes on the host: on the shared "
                  f"network its container is `{name}:{target}` directly.")
    return Verdict(
        "DW106",
        f"`{host}` needs `extra_hosts: [\"{ctx.host_alias}:{ctx.gateway_value}\"]` in the "
        f"`{svc.name}` service (required on Linux engines; Docker Desktop adds it itself).{extra}",
        None,
    )
