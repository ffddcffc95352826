"""DW101 loopback-target: ``localhost``, 127.0.0.0/8, ``::1`` or ``0.0.0.0`` as a connect
target in a container, when the server meant is not in that container
(``rules/codes/DW101.yaml``).

The suggestion is the one service that listens on the port and shares a network with the
container, else the Docker host's alias.  When the only listeners share no network with the
container, the verdict is DW104 (checks.dw104) instead.
"""
from __future__ import annotations

import re

from dockwise.checks import dw104, dw109
from dockwise.checks.context import Context, ProjectIndex
from dockwise.checks.verdict import Verdict, fmt, who
from dockwise.layout.model import Service
from dockwise.model import HOLE, Endpoint, Suggestion


def check(ctx: Context, ep: Endpoint, svc: Service, index: ProjectIndex | None, mode: str, kind: str) -> Verdict | None:
    """``ep`` is a loopback or unspecified (``kind``) connect target that ``svc`` dials."""
    port = ep.port
    if mode == "host":
        return _host_mode(ctx, ep, svc, index, port)
    if mode == "container":
        return None  # shares another container's stack: its loopback is that container's
    if ep.span.path in svc.healthcheck_files:
        return None  # a script its healthcheck runs probes its own container
    if _mapped_name(ep.host, svc):
        # `extra_hosts: ["localhost:host-gateway"]` puts the name in the container's /etc/hosts
        # beside its loopback entry: a client tries each address the name resolves to, so
        # `localhost:11434` there reaches the Docker host's server too (an address is looked up
        # nowhere: `127.0.0.1` stays the container's own)
        return None
    if ctx.self_listens(index, svc, port):
        return None
    if port is None and _port_computed(ep) and ctx.start_unknown(svc):
        # what a container whose start command is unknown serves is unknown too: its image
        # may run the server (one of the files it holds) whose port the code reads back from
        # its settings, f"http://127.0.0.1:{settings.PORT}/train", a call to itself
        return None
    if index is not None and _joins_a_service(svc, index) and (
            port is None or not ctx.listeners(index, port, exclude=svc)):
        # ``network_mode: service:X`` runs the container in X's network stack, usually to
        # reach X over loopback (a one-shot that drives X's unpublished admin port). X's
        # image may listen on ports its layout never declares, so a port no other service
        # serves is presumably X's own: no evidence the address misses
        return None
    if index is not None and _joined_by_unknown_server(ctx, index, svc, port):
        # a container that joins this one's network stack (``network_mode: service:app``) from an
        # image run as it is whose ports the layout never declares: a sidecar (a Dapr runtime, a
        # database proxy) the application reaches over their shared loopback, presumably at a port
        # no other service serves: no evidence the address misses
        return None
    what = f"`{ep.text or ep.host}`"
    if ep.default_call:
        # a client given no address: what it dials is its library's default
        what = f"{what}, given no host, dials `{fmt(ep.host, ep.port)}`, which"
    if kind == "unspecified":
        lead = f"{what} uses a bind address as a connect target; inside {who(svc)} it reaches the container itself"
    else:
        lead = f"{what} inside {who(svc)} reaches the container itself, not another service or the host"
    if index is None:
        sug = Suggestion(ctx.host_alias, port)
        return Verdict(
            "DW101",
            f"{lead}. {_no_service(ctx)}: a server on the Docker host is "
            f"`{fmt(ctx.host_alias, port)}`; a server in another container is reached by its "
            f"service name on a user-defined network shared with it.{ctx.loopback_note(port, ep.scheme)}{ctx.gateway_note(svc)}",
            sug,
        )
    if port is None:
        return Verdict(
            "DW101",
            f"{lead}. Use the service name of the container that serves it (on a shared network), "
            f"or `{ctx.host_alias}` for a server on the Docker host.",
            None,
        )
    candidates = ctx.listeners(index, port, exclude=svc)
    reachable = []
    unreachable = []
    for cand, target_port in candidates:
        name = ctx.reach_name(index, svc, cand)
        if name is None:
            unreachable.append((cand, target_port))
        else:
            reachable.append((cand, target_port, name))
    if len(reachable) > 1:
        # a service that declares the port (ports:, expose:) over one an image default implies
        declared = [r for r in reachable if any(p.target == r[1] for p in r[0].ports) or r[1] in r[0].expose]
        if len(declared) == 1:
            reachable = declared
    chosen_by = ""
    if len(reachable) > 1:
        reachable, chosen_by = _meant(ep, svc, reachable)
    if len(reachable) == 1:
        cand, target_port, name = reachable[0]
        tail = (f"the `{cand.name}` service listens on {port}" if target_port == port
                else f"the `{cand.name}` service publishes {port}:{target_port}; inside the network its container port applies")
        tail += chosen_by
        broker = dw109.network_port(ctx, cand, {n.lower() for n in (name, cand.name, cand.hostname, cand.container_name)
                                                if n}, {port, target_port}) \
            if dw109.may_bootstrap(ep, ctx.knowledge) else None
        if broker is not None:
            # a Kafka client bootstrapping there is handed the loopback address the listener
            # advertises: the broker's listener for the network is the one to write
            tail += (f"; but the broker advertises a loopback address on that listener, which sends its clients "
                     f"back to their own loopback, and `{fmt(name, broker)}` on its listener for the network")
            target_port = broker
        if name != cand.name and (cand.network_mode or "").strip().startswith("service:"):
            tail += f" in the network stack of the `{name}` service, the only name that reaches it"
        # a listener only a profile the dialling service does not have starts: maybe not there
        optional = bool(cand.profiles) and not set(cand.profiles) & set(svc.profiles)
        if optional:
            tail += f" (started only with the Compose profile {', '.join(f'`{p}`' for p in sorted(cand.profiles))})"
        return Verdict("DW101", f"{lead}; {tail}: use `{fmt(name, target_port)}`.",
                       Suggestion(name, target_port, tentative=optional or chosen_by == _NAMED))
    if len(reachable) > 1:
        names = ", ".join(f"`{fmt(n, p)}`" for _, p, n in reachable)
        profiles = [frozenset(c.profiles) for c, _, _ in reachable]
        if all(profiles) and all(not (a & b) for i, a in enumerate(profiles) for b in profiles[i + 1:]):
            # alternatives for one role (tei-cpu / tei-gpu): a fix would help one profile and break another
            which = ", ".join(f"`{n}` (profile {', '.join(sorted(c.profiles))})" for c, _, n in reachable)
            return Verdict("DW101", f"{lead}; alternative services listen on {port}: {which}. Use the one "
                           f"the running profile starts, or give them a common network alias.", None)
        return Verdict("DW101", f"{lead}; several services listen on {port}: {names}. Use the one meant.", None)
    if unreachable:
        return dw104.unreachable_listeners(lead, unreachable, port, svc)
    own = _own_published(ctx, index, svc, port)
    if own is not None:
        # `localhost:8001` in the container of a service that publishes 8001:8000 is a call to its
        # own server by the host's port: inside, the container port applies, as in its peers
        name, target = own
        return Verdict("DW101", f"{lead}; the `{svc.name}` service itself publishes {port}:{target}, and inside "
                       f"the network its container port applies: use `{fmt(name, target)}`.",
                       Suggestion(name, target))
    served = _receiving(ctx, index, svc, ep, port)
    if served is not None:
        cand, name, scheme, target = served
        started = ""
        if cand.profiles and not set(cand.profiles) & set(svc.profiles):
            started = f" (started only with the Compose profile {', '.join(f'`{p}`' for p in sorted(cand.profiles))})"
        return Verdict("DW101", f"{lead}; no service listens on {port}, but the `{cand.name}` service receives "
                       f"{scheme.upper()} at {target}{started}: use `{fmt(name, target)}`.",
                       Suggestion(name, target, tentative=True))
    moved = _moved_listener(ctx, index, svc, ep, port)
    if moved is not None:
        cand, name, target = moved
        started = ""
        if cand.profiles and not set(cand.profiles) & set(svc.profiles):
            started = f" (started only with the Compose profile {', '.join(f'`{p}`' for p in sorted(cand.profiles))})"
        return Verdict("DW101", f"{lead}; no service listens on {port}: the `{cand.name}` service's listener "
                       f"settings move its image's default port {port}, and it advertises "
                       f"`{fmt(cand.name, target)}` to the network{started}: use `{fmt(name, target)}`.",
                       Suggestion(name, target, tentative=True))
    dialled = _dialled_there(ctx, index, svc, port)
    if dialled is not None:
        cand, name = dialled
        return Verdict("DW101", f"{lead}; the `{cand.name}` service declares no port, but the layout dials it "
                       f"at {port} elsewhere (`{fmt(cand.name, port)}`): use `{fmt(name, port)}`.",
                       Suggestion(name, port, tentative=True))
    coded = _served_by_code(ctx, index, svc, port)
    if coded:
        # (no service declares the port, but one binds it in its own code: the host alias
        # would be a wrong fix)
        cand, name = coded[0]
        if len(coded) == 1 and name is not None:
            return Verdict("DW101", f"{lead}; no service declares {port}, but the code the `{cand.name}` service "
                           f"runs binds a server there: use `{fmt(name, port)}`.",
                           Suggestion(name, port, tentative=True))
        which = ", ".join(f"`{c.name}`" for c, _ in coded)
        return Verdict("DW101", f"{lead}; no service declares {port}, but the code of {which} binds a server "
                       f"there: use the name of the one meant, on a network shared with it.", None)
    shared = _external_networks(ctx, index, svc)
    if shared:
        # another Compose project's server on a network declared `external` (a stack split in
        # several projects) is as likely as one on the host: the host alias is a guess
        nets = ", ".join(f"`{n}`" for n in shared)
        return Verdict(
            "DW101",
            f"{lead}; no service of the layout listens on {port}, and the container joins the external "
            f"network {nets}: use the name of the server there, or `{fmt(ctx.host_alias, port)}` for one on "
            f"the Docker host.{ctx.loopback_note(port, ep.scheme)}",
            Suggestion(ctx.host_alias, port, tentative=True),
            needs_gateway=not svc.has_host_gateway,
        )
    return Verdict(
        "DW101",
        f"{lead}; no service listens on {port}, so the server is presumably on the Docker host: "
        f"use `{fmt(ctx.host_alias, port)}`.{ctx.loopback_note(port, ep.scheme)}",
        Suggestion(ctx.host_alias, port),
        needs_gateway=not svc.has_host_gateway,
    )


def _own_published(ctx: Context, index: ProjectIndex, svc: Service, port: int) -> tuple[str, int] | None:
    """``(name, container port)`` where ``svc`` publishes ``port`` on the host to one container
    port of its own (``8001:8000``) and reaches itself by a name on its networks; else None."""
    targets = {p.target for p in svc.ports if p.published == port and p.protocol == "tcp"}
    if len(targets) != 1 or port in targets:
        return None
    name = ctx.reach_name(index, svc, svc)
    return (name, next(iter(targets))) if name is not None else None


def _external_networks(ctx: Context, index: ProjectIndex | None, svc: Service) -> list[str]:
    """The networks declared ``external`` that ``svc``'s container joins (by their real names)."""
    if index is None:
        return []
    return sorted({str(name) for kind, name in ctx.net_ids(index, svc) if kind == "external"})


_DEPENDS = ", the one of the services listening there that it depends on"
_NAMED = ", the one of the services listening there that the address names"


def _meant(ep: Endpoint, svc: Service, reachable: list) -> tuple[list, str]:
    """Of several services ``svc`` reaches that listen on the port, the one it is meant to dial,
    and why: the one it waits for (``depends_on``) or links to, the layout's own word on which
    server the container needs; else the one whose service name the address itself spells
    (``postgresql://orders_db:pw@localhost/orders_db``: the user or the database is named after
    the service, a guess the suggestion marks as such).  All of them where neither tells."""
    wanted = set(svc.depends_on) | {target for target, _ in svc.links}
    depended = [r for r in reachable if r[0].name in wanted]
    if len(depended) == 1:
        return depended, _DEPENDS
    text = ep.text or ""
    named = [r for r in reachable
             if re.search(rf"(?<![\w.-]){re.escape(r[0].name)}(?![\w-])", text, re.IGNORECASE)]
    if len(named) == 1:
        return named, _NAMED
    return reachable, ""


def _receiving(ctx: Context, index: ProjectIndex, svc: Service, ep: Endpoint,
               port: int) -> tuple[Service, str, str, int] | None:
    """The one service ``svc`` reaches whose image receives the address's protocol (its scheme,
    else the one whose clients dial ``port``: 587 is SMTP) at another port (``rules/images.yaml``
    serves: a mail catcher's SMTP at 1025), when no service listens on ``port``: in this layout
    it is presumably the server meant, not one on the Docker host (a guess: the port changes)."""
    scheme = ctx.knowledge.scheme(ep.scheme)
    protocol = scheme.name if scheme is not None else ctx.knowledge.scheme_of_port(port)
    if protocol is None:
        return None
    found = []
    for cand in index.project.services:
        entry = ctx.knowledge.image_entry(cand.image) if cand.name != svc.name else None
        target = dict(entry.serves).get(protocol) if entry is not None else None
        name = ctx.reach_name(index, svc, cand) if target is not None else None
        if target is not None and name is not None:
            found.append((cand, name, protocol, target))
    return found[0] if len(found) == 1 else None


def _moved_listener(ctx: Context, index: ProjectIndex, svc: Service, ep: Endpoint,
                    port: int) -> tuple[Service, str, int] | None:
    """The one service ``svc`` reaches whose image serves ``port`` by default (``rules/images.yaml``
    ports: Kafka's 9092) but whose own listener settings (``listens``: ``KAFKA_LISTENERS``) moved its
    listeners to other ports, and which advertises one of them under its own name (its listener for
    the network, ``dw109.named_port``), when no service listens on ``port``: a Kafka client
    bootstrapping from the image's default port is presumably meant for that broker, not for a
    server on the Docker host (a guess: the port changes).  The address's protocol (its scheme,
    else the one whose clients dial ``port``) is one whose default port the image serves; a dial
    that only probes the port (``socket.create_connection``) bootstraps nothing."""
    if not dw109.may_bootstrap(ep, ctx.knowledge):
        return None
    scheme = ctx.knowledge.scheme(ep.scheme) or ctx.knowledge.scheme(ctx.knowledge.scheme_of_port(port))
    if scheme is None or scheme.port != port:
        return None
    found = []
    for cand in index.project.services:
        entry = ctx.knowledge.image_entry(cand.image) if cand.name != svc.name else None
        if entry is None or not entry.listens or port not in entry.ports or port in cand.listen_ports:
            continue
        name = ctx.reach_name(index, svc, cand)
        if name is None:
            continue
        target = dw109.named_port(ctx, cand, {n.lower() for n in (name, cand.name, cand.hostname,
                                                                 cand.container_name) if n})
        if target is not None:
            found.append((cand, name, target))
    return found[0] if len(found) == 1 else None


def _dialled_there(ctx: Context, index: ProjectIndex, svc: Service, port: int) -> tuple[Service, str] | None:
    """The one service ``svc`` reaches that declares no port at all (its image unknown: no
    ``ports``, ``expose``, ``EXPOSE`` or known server) while the layout's own values dial it
    by name at ``port`` (``CODE_RUNNER_URL: http://sandbox:8000`` for the API): it listens
    there, presumably, and is the server meant, not one on the Docker host.  A service that
    declares other ports is not taken (a dial at an undeclared port is a finding of its own)."""
    found = []
    for cand in index.project.services:
        if cand.name == svc.name or cand.listen_ports or cand.ports or tuple(ctx.started_ports(cand)):
            continue
        if (cand.name.lower(), port) not in ctx.dialled_at:
            continue
        name = ctx.reach_name(index, svc, cand)
        if name is not None:
            found.append((cand, name))
    return found[0] if len(found) == 1 else None


def _served_by_code(ctx: Context, index: ProjectIndex, svc: Service, port: int) -> list[tuple[Service, str | None]]:
    """The other services of the project whose own Python binds a server on ``port`` (a gRPC
    server's ``add_insecure_port("[::]:50051")``) though their layout declares no such port,
    each with the name ``svc`` reaches it by (None: no shared network)."""
    return [(cand, ctx.reach_name(index, svc, cand)) for cand in index.project.services
            if cand.name != svc.name and port not in cand.listen_ports and ctx.code_serves(cand, port)]


def _host_mode(ctx: Context, ep: Endpoint, svc: Service, index: ProjectIndex | None,
               port: int | None) -> Verdict | None:
    """``network_mode: host``: loopback is the Docker host, where services are reached at
    the ports they publish, and services that run in the host's network stack too at the
    ports they listen on.  A port that a service listens on only inside its network (and
    publishes elsewhere, or not at all) is not there."""
    if index is None or port is None or ep.port_source not in ("explicit", "argument"):
        return None
    for other in index.project.services:
        if any(p.published == port and p.protocol == "tcp" for p in other.ports):
            return None  # published on the host: reached
        if other.name != svc.name and ctx.effective_mode(index, other) == "host" \
                and (port in other.listen_ports or port in ctx.started_ports(other)):
            return None  # a server in the host's network stack too listens on the host itself
    inside = [s for s in index.project.services if s.name != svc.name and port in s.listen_ports]
    if len(inside) != 1:
        return None  # nobody in the layout listens there: a server on the host itself
    target = inside[0]
    published = sorted({p.published for p in target.ports if p.target == port and p.published and p.protocol == "tcp"})
    what = f"`{ep.text or ep.host}`"
    if len(published) == 1:
        return Verdict(
            "DW101",
            f"{what} in {who(svc)} (`network_mode: host`) is the Docker host, where nothing listens on "
            f"{port}: the `{target.name}` service listens on {port} inside its network and publishes it as "
            f"{published[0]}: use `{fmt(ep.host, published[0])}`.",
            Suggestion(ep.host, published[0]),
        )
    return Verdict(
        "DW101",
        f"{what} in {who(svc)} (`network_mode: host`) is the Docker host, where nothing listens on {port}: "
        f"the `{target.name}` service listens on {port} only inside its network. Publish it "
        f"(`ports: [\"{port}:{port}\"]`) and use the published port.",
        None,
    )


def _joins_a_service(svc: Service, index: ProjectIndex) -> bool:
    """``svc`` runs in the network stack of another service of its project."""
    mode = (svc.network_mode or "").strip()
    return mode.startswith("service:") and mode.split(":", 1)[1] in index.services


def _joined_by_unknown_server(ctx: Context, index: ProjectIndex, svc: Service, port: int | None) -> bool:
    """Another service runs in ``svc``'s network stack from an image it does not build, with no
    port the layout knows (no ``expose``, no known image, no server its start command names),
    and no service outside that stack listens on ``port`` (unknown: none is needed)."""
    mates = [o for o in ctx.stack_mates(index, svc) if o.name != svc.name]
    unknown = [o for o in mates if o.dockerfile is None and o.build_context is None
               and not (o.listen_ports or o.build_servers or tuple(ctx.started_ports(o)))]
    if not unknown:
        return False
    return port is None or not ctx.listeners(index, port, exclude=svc)


def _port_computed(ep: Endpoint) -> bool:
    """The address writes a port, but one the code computes (``localhost:{port}``): not a
    URL of an unknown scheme that states none."""
    at = ep.text.find(ep.host) if ep.host else -1
    return at >= 0 and ep.text.startswith(":" + HOLE, at + len(ep.host))


def _mapped_name(host: str, svc: Service) -> bool:
    """``host`` is a name (not an address) that ``svc``'s ``extra_hosts`` maps to an address."""
    key = host.lower().rstrip(".")
    return bool(key) and not key.strip("[]").replace(".", "").replace(":", "").isdigit() \
        and ":" not in key and any(h.lower().rstrip(".") == key for h, _ in svc.extra_hosts)


def _no_service(ctx: Context) -> str:
    """Why no service of a Compose project is there to suggest for a container run from a
    Dockerfile alone: the tree declares none, or its Compose files run other images."""
    if ctx.layout.projects:
        return "No Compose service runs this image"
    return "No Compose service is declared"
