"""DW104 unreachable-service: the container cannot reach the service meant
(``rules/codes/DW104.yaml``).

``check`` judges every host name a container dials: which service, alias, container name or
link it names, and whether that name resolves from the container's networks.  A name that
resolves goes on to checks.dw103 (is the port the container port?); a name the layout does
not know goes to checks.dw105 (is it a typo?).  The loopback check (checks.dw101) and the
container-address check (checks.dw102) end in DW104 too, when the one service meant shares no
network with the container: ``unreachable_listeners`` and ``unreachable_fixed_address``.
"""
from __future__ import annotations

from dockwise.checks import containerid, dw103, dw105
from dockwise.checks.context import Context, ProjectIndex
from dockwise.checks.verdict import Verdict, fmt, who
from dockwise.layout.model import Service
from dockwise.model import Endpoint


def check(ctx: Context, ep: Endpoint, svc: Service, index: ProjectIndex, host: str, mode: str) -> Verdict | None:
    """``host`` is a name (no address, no alias of the Docker host) that ``svc`` dials."""
    key = host.lower().rstrip(".")
    # names the container itself has
    if key in {svc.name.lower(), (svc.hostname or "").lower(), (svc.container_name or "").lower()}:
        return dw103.check(ep, svc, svc.name)
    if any(h.lower() == key for h, _ in svc.extra_hosts):
        return None
    entries = index.names.get(key, [])
    external: list[tuple[ProjectIndex, Service]] = []
    if not entries:
        # a service of another project sharing an external network
        for members in ctx.external_members.values():
            for other_index, other in members:
                if other_index is not index and other.name.lower() == key:
                    external.append((other_index, other))
    if not entries and not external:
        link_aliases = {(a or t).lower() for t, a in svc.links} | {(a or t).lower() for t, a in svc.external_links}
        if key in link_aliases:
            return None
        return containerid.check(ctx, ep, svc, index, key) or dw105.check(ep, svc, index, key)
    if external:
        other_index, other = external[0]
        if ctx.net_ids(index, svc) & ctx.net_ids(other_index, other):
            return dw103.check(ep, other, host)
        return None
    # which entries resolve from svc?
    svc_nets = ctx.net_ids(index, svc)
    for target, nets, _how in entries:
        if target.name == svc.name:
            return None
        if mode == "bridge":
            for t, alias in svc.links:
                if t == target.name and (alias or t).lower() == key:
                    return dw103.check(ep, target, host)
            continue
        if mode in ("host", "container"):
            continue
        target_nets = ctx.net_ids(index, target)
        shared = svc_nets & target_nets
        if nets is not None:
            shared &= nets
        if shared:
            return dw103.check(ep, target, host)
    target = entries[0][0]
    if target.fragment:
        return None  # a part of a service merged onto another file, which gives its networks
    if mode == "host":
        published = sorted({p.published for p in target.ports if p.published and p.protocol == "tcp"
                            and (ep.port is None or p.target == ep.port or p.published == ep.port)})
        where = (f"it publishes {ep.port if ep.port in published else published[0]} on the host: use "
                 f"`{fmt('localhost', ep.port if ep.port in published else published[0])}`" if published
                 else "it publishes no port on the host: publish the port and use `localhost` with it")
        return Verdict(
            "DW104",
            f"`{ep.text or host}` names the `{target.name}` service, but {who(svc)} uses "
            f"`network_mode: host`, where service names do not resolve; {where}.",
            None,
        )
    if mode == "bridge":
        why = "uses `network_mode: bridge` (the legacy default bridge resolves no names, links aside)"
    elif mode == "container":
        why = "shares another container's network stack"
    else:
        why = "shares no network with it"
    return Verdict(
        "DW104",
        f"`{ep.text or host}` names the `{target.name}` service, but {who(svc)} {why}: "
        f"the name does not resolve there. Attach both services to a common network.",
        None,
    )


def unreachable_listeners(lead: str, unreachable: list[tuple[Service, int]], port: int, svc: Service) -> Verdict:
    """A loopback target (``lead`` says which) whose port only services off ``svc``'s
    networks listen on (checks.dw101)."""
    names = ", ".join(f"`{c.name}`" for c, _ in unreachable)
    return Verdict(
        "DW104",
        f"{lead}; {names} listens on {port} but shares no network with {who(svc)}: "
        f"attach both to a common network, then use the service name.",
        None,
    )


def unreachable_fixed_address(ep: Endpoint, host: str, owner: Service, svc: Service) -> Verdict:
    """``host`` is the fixed address of ``owner``, which shares no network with ``svc``
    (checks.dw102)."""
    return Verdict(
        "DW104",
        f"`{ep.text or host}` is the fixed address of the `{owner.name}` service, which shares no "
        f"network with {who(svc)}.",
        None,
    )
