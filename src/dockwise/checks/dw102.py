"""DW102 container-ip-target: a connect target that is a container's IP address
(``rules/codes/DW102.yaml``).

Three kinds of address: a service's fixed ``ipv4_address``/``ipv6_address`` (use its
name), an address in a Compose network's subnet or Docker's default bridge range (use the
service that listens on the port, when there is one), and a bridge's gateway, the default
bridge's or a declared subnet's first address (the Docker host: use its alias).
"""
from __future__ import annotations

import ipaddress

from dockwise.checks import dw104
from dockwise.checks.context import Context, NetId, ProjectIndex, norm_ip
from dockwise.checks.verdict import Verdict, fmt
from dockwise.layout.model import Service
from dockwise.model import Endpoint, Suggestion


def check(ctx: Context, ep: Endpoint, svc: Service, index: ProjectIndex | None, host: str) -> Verdict | None:
    """``host`` is an IPv4 or IPv6 address that ``svc`` dials."""
    ip_text = norm_ip(host)
    try:
        ip = ipaddress.ip_address(ip_text)
    except ValueError:
        return None
    hit = ctx.fixed_ips.get(ip_text)
    if hit is not None:
        owner_index, owner = hit
        if owner.name == svc.name and owner.project == svc.project:
            return None
        name = owner.name
        if index is not None and owner_index is index:
            reach = ctx.reach_name(index, svc, owner)
            if reach is None:
                return dw104.unreachable_fixed_address(ep, host, owner, svc)
            name = reach
        port = ep.port if ep.port_source == "explicit" else None
        return Verdict(
            "DW102",
            # (a fixed address survives restarts: what breaks is the subnet it is tied to)
            f"`{ep.text or host}` hard-codes the fixed address the `{owner.name}` service is given "
            f"on its network, which ties the code to this network's subnet: the next change to "
            f"it, or an overlapping network, breaks the code; use its service name `{name}`, which "
            f"Docker's DNS resolves on any subnet.",
            Suggestion(name, port),
        )
    in_subnet: NetId | None = None
    if index is not None:
        for net, nid in index.subnets:
            if ip.version == net.version and ip in net:
                in_subnet = nid
                break
    bridge = any(ip.version == net.version and ip in net for net in ctx.bridge_subnets)
    if in_subnet is None and not bridge:
        return None
    if bridge and ip_text in {norm_ip(g) for g in ctx.knowledge.hosts.bridge_gateways}:
        return _host_gateway(ctx, ep, svc, index, host, "the default bridge's gateway, the Docker host's address "
                             "on `docker0`", "while the daemon keeps that bridge at that address (`bip`, a "
                             "bridge turned off)", "while the daemon keeps its default bridge there")
    gateway_of = index.gateways.get(ip_text) if index is not None else None
    if gateway_of is not None:
        # the first address of a declared subnet (or its ipam `gateway`) is the network's bridge
        # on the Docker host, not a container
        return _host_gateway(ctx, ep, svc, index, host, f"the gateway of the `{gateway_of[1]}` network, the Docker "
                             "host's address on that network's bridge", "while the network keeps that subnet",
                             "while the network keeps that subnet")
    suggestion = None
    if index is not None and ep.port is not None:
        cands = [c for c, _ in ctx.listeners(index, ep.port, exclude=svc)
                 if in_subnet is None or in_subnet in ctx.net_ids(index, c)]
        if len(cands) == 1:
            suggestion = Suggestion(cands[0].name, ep.port if ep.port_source == "explicit" else None)
    where = "a Compose network's subnet" if in_subnet is not None else "Docker's default bridge network"
    tail = (f" The `{suggestion.host}` service listens on {ep.port}: use its name." if suggestion
            else " Use the service name of the container you mean.")
    return Verdict(
        "DW102",
        f"`{ep.text or host}` is a container address in {where}; it changes whenever the container "
        f"is re-created.{tail}",
        suggestion,
    )


def _host_gateway(ctx: Context, ep: Endpoint, svc: Service, index: ProjectIndex | None, host: str,
                  what: str, holds: str, holds_published: str) -> Verdict:
    """The verdict on a bridge's gateway address (``what`` it is, ``holds``: while when it stays
    there): the Docker host, where a service of the project may publish the port dialled."""
    port = ep.port if ep.port_source in ("explicit", "argument", "flow") else None
    # a URL written without a port dials its scheme's, `redis://172.17.0.1` the gateway's 6379:
    # a service that publishes that port is the server meant, as for a port written out
    dialled = ep.port if ep.port_source == "scheme" and ep.scheme is not None else port
    published = published_there(ctx, index, svc, dialled)
    if published is not None:
        owner, target, name = published
        ports = f"{dialled}" if target == dialled else f"{dialled}:{target}"
        return Verdict(
            "DW102",
            f"`{ep.text or host}` is {what}, where the `{owner.name}` service publishes {ports}; that "
            f"address holds only {holds_published}. The container shares a network with `{owner.name}`: "
            f"use `{fmt(name, target)}`.",
            Suggestion(name, target),
        )
    return Verdict(
        "DW102",
        f"`{ep.text or host}` is {what}: it holds only {holds}, and Docker Desktop, rootless and other "
        f"engines put the host elsewhere. Use `{fmt(ctx.host_alias, port)}`.{ctx.loopback_note(port, ep.scheme)}"
        # (a container run outside Compose is given the alias by `docker run --add-host`)
        f"{ctx.gateway_note(svc) if svc.implicit else ''}",
        Suggestion(ctx.host_alias, port),
        needs_gateway=not svc.implicit and not svc.has_host_gateway,
    )


def published_there(ctx: Context, index: ProjectIndex | None, svc: Service,
                     port: int | None) -> tuple[Service, int, str] | None:
    """The one service of the project that publishes ``port`` on the Docker host and that
    ``svc`` reaches on a shared network, with its container port and the name that reaches
    it: the gateway's port is that container's, which its service name reaches directly."""
    if index is None or port is None:
        return None
    found = []
    for other in index.project.services:
        if other.name == svc.name:
            continue
        target = next((p.target for p in other.ports if p.published == port and p.protocol == "tcp"), None)
        name = ctx.reach_name(index, svc, other) if target is not None else None
        if target is not None and name is not None:
            found.append((other, target, name))
    return found[0] if len(found) == 1 else None
