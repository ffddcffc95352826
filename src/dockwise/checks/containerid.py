"""DW102 container-ip-target, its container-ID case: a connect target whose host is a
container's ID (``rules/codes/DW102.yaml``).

Docker names each container by a 64-digit hexadecimal ID; its first 12 digits are the
container's default hostname and one of its aliases on each user-defined network, so
``1f3a9c0d2b7e:9092`` resolves while that container lives.  Re-create it (`docker compose up`
after a change) and the new container has another ID: the address breaks as a container IP
does.  A name the layout declares (a service, alias, ``container_name``, ``hostname``) is
resolved before this is asked, so a service that happens to be named in hex is no ID.
"""
from __future__ import annotations

from dockwise.checks.context import Context, ProjectIndex
from dockwise.checks.verdict import Verdict
from dockwise.extract.hostkind import container_id
from dockwise.layout.model import Service
from dockwise.model import Endpoint, Suggestion


def check(ctx: Context, ep: Endpoint, svc: Service, index: ProjectIndex, key: str) -> Verdict | None:
    """``key`` (the lower-cased host, no name of the layout) is a container ID that ``svc``
    dials; the service listening on the port dialled is the suggestion where it is the only one."""
    if not container_id(key):
        return None
    suggestion = None
    if ep.port is not None:
        cands = [c for c, _ in ctx.listeners(index, ep.port, exclude=svc)]
        if len(cands) == 1:
            suggestion = Suggestion(cands[0].name, ep.port if ep.port_source == "explicit" else None)
    tail = (f" The `{suggestion.host}` service listens on {ep.port}: use its name." if suggestion
            else " Use the service name of the container you mean.")
    return Verdict(
        "DW102",
        f"`{ep.text or ep.host}` names a container by its ID, which Docker gives anew whenever the "
        f"container is re-created.{tail}",
        suggestion,
    )
