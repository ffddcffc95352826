"""DW109 advertised-listener-loopback: a Kafka broker advertises a loopback host on the
port other services bootstrap from, so they are sent to their own loopback
(``rules/codes/DW109.yaml``).

Unlike the other checks this one needs evidence from the whole run (who connects to the
broker), so the resolver calls it once with every endpoint rather than per endpoint.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from dockwise.checks.context import Context
from dockwise.checks.verdict import Verdict, fmt
from dockwise.extract.hostkind import host_kind
from dockwise.extract.layout_env import advertised_pairs
from dockwise.knowledge import Knowledge
from dockwise.knowledge.globs import glob_match
from dockwise.layout.model import Service
from dockwise.model import Endpoint, Suggestion

# (project, host dialled, port, name of the service that dials): one connect target of the run
Connect = tuple[str, str, int, str]


def may_bootstrap(ep: Endpoint, knowledge: Knowledge, sink_kind: str = "") -> bool:
    """Whether a connect target may be a Kafka client's bootstrap address: not where a call or
    a start command's probe only opens a TCP connection to the port (``rules/flow.yaml``
    port_probes: ``socket.create_connection``, ``nc -z``), which reaches it whatever the
    broker advertises.  The call is the literal's own (context ``arg:CALLEE``) or the sink its
    value flows to (``sink_kind``, ``socket.create_connection(#0)``)."""
    probes = {p.lower() for p in knowledge.flow.port_probes}
    if sink_kind and sink_kind.split("(", 1)[0].strip().lower() in probes:
        return False
    kind, _, name = ep.context.partition(":")
    if kind not in ("arg", "probe", "wait") or not name:
        return True
    return name.lower() not in probes


def network_port(ctx: Context, broker: Service, names: set[str], ports: set[int]) -> int | None:
    """The port a Kafka broker advertises under one of its own ``names`` (its service name,
    hostname, container name) where its listener on one of ``ports`` (the port dialled, and the
    container port it is published to: a listener for the host advertises the published port)
    advertises only a loopback host: a client that bootstraps from ``<name>:<port>`` is handed
    that loopback address back and
    dials its own container, while the listener advertised under the name keeps it on the
    network.  None where the listener on those ports advertises a name, where no one other port
    is advertised under one of ``names``, or where the broker does not listen there."""
    patterns = ctx.knowledge.names.advertised_listeners
    found: set[int] = set()
    for var in broker.environment:
        if var.value is None or not glob_match(var.name, patterns):
            continue
        pairs = advertised_pairs(var.value.value)
        here = [h for h, p in pairs if p in ports]
        if not here or any(host_kind(h, ctx.knowledge) not in ("loopback", "unspecified") for h in here):
            continue
        found |= {p for h, p in pairs if p is not None and p not in ports and h.lower() in names}
    if len(found) != 1:
        return None
    other = next(iter(found))
    return other if other in broker.listen_ports or other in ctx.started_ports(broker) else None


def named_port(ctx: Context, broker: Service, names: set[str]) -> int | None:
    """The one port a Kafka broker advertises under one of its own ``names`` (its service name,
    hostname, container name) and listens on: its listener for the network, where the clients
    of its network are to bootstrap.  None where it advertises no such port, or several."""
    patterns = ctx.knowledge.names.advertised_listeners
    found: set[int] = set()
    for var in broker.environment:
        if var.value is None or not glob_match(var.name, patterns):
            continue
        found |= {p for h, p in advertised_pairs(var.value.value) if p is not None and h.lower() in names}
    found = {p for p in found if p in broker.listen_ports or p in ctx.started_ports(broker)}
    return next(iter(found)) if len(found) == 1 else None


def check(ctx: Context, endpoints: Iterable[Endpoint],
          connects: Iterable[Connect]) -> Iterator[tuple[Endpoint, Verdict, str]]:
    """Each flagged advertised listener with its verdict and the broker service's name.

    ``connects`` holds (project, host, port, dialling service) for every connect target in
    the run (project: ``Context.project_key`` of the service that dials, or a bare
    directory); a listener advertised as loopback on a port that other services of the
    broker's own Compose project connect to redirects them to their own loopback.
    Another project in the same directory (a test stack's broker beside the app's) has
    other clients: they bootstrap from its own broker, not this one.  The broker's own
    container is no such client: a client there (a metrics reporter the broker runs,
    bootstrapping from its own service name) is sent to its own loopback, where the broker
    itself serves the listener it advertises that way.
    """
    diallers: dict[tuple[str, str, int], set[str]] = {}
    for p, host, port, dialler in connects:
        diallers.setdefault((p, host.lower(), port), set()).add(dialler.lower())
    for ep in endpoints:
        if ep.role != "advertised-listener" or ep.port is None:
            continue
        if host_kind(ep.host, ctx.knowledge) not in ("loopback", "unspecified"):
            continue
        for name in ep.services:
            keys = [ep.project or "", *ctx.projects_defining(ep.project or "", name, ep.span)]
            if any(diallers.get((key, name.lower(), ep.port), set()) - {name.lower()} for key in keys):
                other = _network_listener(ctx, keys, name, ep.port)
                if other is not None:
                    # the loopback listener is the one the host's clients reach through the
                    # published port: advertising the service name there breaks them; the
                    # containers' clients are to bootstrap from the listener for the network
                    verdict = Verdict(
                        "DW109",
                        f"the `{name}` broker advertises `{fmt(ep.host, ep.port)}` to its clients: services "
                        f"that bootstrap from `{fmt(name, ep.port)}` are redirected to their own loopback. "
                        f"That listener serves clients on the Docker host (published port {ep.port}); "
                        f"inside the network bootstrap from `{fmt(name, other)}`, the listener advertised "
                        f"under the service name.",
                    )
                elif _host_listener(ctx, keys, name, ep.port):
                    # the one listener is also the Docker host's (published on its own port
                    # number): tools there bootstrap from `localhost:9092` and are handed the
                    # advertised address back, so re-advertising the service name fixes the
                    # containers and breaks them; the edit stands, but not as a safe one
                    verdict = Verdict(
                        "DW109",
                        f"the `{name}` broker advertises `{fmt(ep.host, ep.port)}` to its clients: services "
                        f"that bootstrap from `{fmt(name, ep.port)}` are redirected to their own loopback. "
                        f"Advertise `{fmt(name, ep.port)}` on that listener; it is also published to the Docker "
                        f"host as {ep.port}, so clients there need a listener of their own, advertised as "
                        f"`localhost` on another published port.",
                        Suggestion(name, ep.port, tentative=True),
                    )
                else:
                    verdict = Verdict(
                        "DW109",
                        f"the `{name}` broker advertises `{fmt(ep.host, ep.port)}` to its clients: services "
                        f"that bootstrap from `{fmt(name, ep.port)}` are redirected to their own loopback. "
                        f"Advertise `{fmt(name, ep.port)}` on that listener.",
                        Suggestion(name, ep.port),
                    )
                yield ep, verdict, name
                break


def _host_listener(ctx: Context, keys: list[str], name: str, port: int) -> bool:
    """Whether the broker publishes the loopback listener's ``port`` to the Docker host on the
    same port number (``ports: ["9092:9092"]``): a client on the host bootstraps from
    ``localhost:9092`` and then dials the advertised ``localhost:9092``, which reaches the
    broker only while that listener keeps advertising loopback.  Published on another number
    (``"19092:9092"``) the host's clients are sent to a port the host does not forward, so
    re-advertising the service name breaks nothing that works."""
    for key in keys:
        index = ctx.projects.get(key)
        broker = index.services.get(name) if index is not None else None
        if broker is not None and any(p.target == port and p.published == port for p in broker.ports):
            return True
    return False


def _network_listener(ctx: Context, keys: list[str], name: str, port: int) -> int | None:
    """The port of the broker's listener for the network (advertised under its own names,
    ``network_port``) where the loopback listener on ``port`` is published to the Docker
    host (``ports: ["9092:9092"]``): the pair is the usual one, a listener for the host's
    clients beside one for the containers', and only the clients' address is wrong.  None
    where the broker has no such second listener or does not publish ``port``."""
    for key in keys:
        index = ctx.projects.get(key)
        broker = index.services.get(name) if index is not None else None
        if broker is None or not any(p.target == port and p.published is not None for p in broker.ports):
            continue
        names = {n.lower() for n in (name, broker.name, broker.hostname, broker.container_name) if n}
        other = network_port(ctx, broker, names, {port})
        if other is not None:
            return other
    return None
