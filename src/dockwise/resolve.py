"""Endpoint x Layout -> Findings: the verdicts.  Pure: no I/O.

For every connect target, the resolver asks, for each service whose container runs the
text: what does this host name or address reach from inside *that* container, given the
declared networks?  The answer is a rule code with a concrete suggestion (a service name and
its container port, or the Docker host alias) or nothing at all.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from dockwise.extract.address import host_kind
from dockwise.knowledge import Knowledge
from dockwise.layout.model import Layout, Project, Service
from dockwise.model import HOLE, Endpoint, Finding, Suggestion
from dockwise.typo import TypoIndex, damerau_levenshtein  # noqa: F401  (re-exported for callers)

# A network's identity across projects: non-external networks are private to a project,
# external networks are shared by their real name.
NetId = tuple[str, str]


@dataclass(frozen=True)
class Verdict:
    code: str
    message: str
    suggestion: Suggestion | None = None
    needs_gateway: bool = False  # the message must add that this service needs the host-gateway entry


@dataclass
class _ProjectIndex:
    project: Project
    services: dict[str, Service] = field(default_factory=dict)
    # name -> list of (service, network ids on which the name resolves; None = any shared network)
    names: dict[str, list[tuple[Service, frozenset[NetId] | None, str]]] = field(default_factory=dict)
    subnets: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, NetId]] = field(default_factory=list)
    overlay: set[NetId] = field(default_factory=set)
    typos: TypoIndex | None = None  # built on first use (DW105)


def _fmt(host: str, port: int | None) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}" if port is not None else host


class Resolver:
    """Holds the indexes of one layout; ``resolve`` is then pure per endpoint."""

    def __init__(self, layout: Layout, knowledge: Knowledge) -> None:
        self.layout = layout
        self.knowledge = knowledge
        hosts = knowledge.hosts
        self.host_alias: str = hosts.get("host_alias", "host.docker.internal")
        self.gateway_value: str = hosts.get("host_gateway_value", "host-gateway")
        self.bridge_subnets = [ipaddress.ip_network(s, strict=False) for s in hosts.get("default_bridge_subnets", [])]
        self.projects: dict[str, _ProjectIndex] = {}
        for project in layout.projects:
            self.projects[self._project_key(project)] = self._index(project)
        # every fixed address of every service: ip -> (project index, service)
        self.fixed_ips: dict[str, tuple[_ProjectIndex, Service]] = {}
        for index in self.projects.values():
            for svc in index.project.services:
                for att in svc.networks:
                    for ip in (att.ipv4_address, att.ipv6_address):
                        if ip:
                            self.fixed_ips.setdefault(_norm_ip(ip), (index, svc))
        # service names other services' values dial (``http://api:8000``): set by the engine
        self.dialled_names: set[str] = set()
        # external networks shared by several projects: real name -> [(index, service)]
        self.external_members: dict[str, list[tuple[_ProjectIndex, Service]]] = {}
        for index in self.projects.values():
            for svc in index.project.services:
                for net in self.net_ids(index, svc):
                    if net[0] == "external":
                        self.external_members.setdefault(net[1], []).append((index, svc))

    # ------------------------------------------------------------------ indexes
    @staticmethod
    def _project_key(project: Project) -> str:
        return f"{project.dir}\x00{','.join(project.files)}"

    def _index(self, project: Project) -> _ProjectIndex:
        index = _ProjectIndex(project)
        for svc in project.services:
            index.services[svc.name] = svc
        for svc in project.services:
            index.names.setdefault(svc.name.lower(), []).append((svc, None, "service"))
            if svc.container_name:
                index.names.setdefault(svc.container_name.lower(), []).append((svc, None, "container_name"))
            if svc.hostname:
                index.names.setdefault(svc.hostname.lower(), []).append((svc, None, "hostname"))
            for att in svc.networks:
                for alias in att.aliases:
                    index.names.setdefault(alias.lower(), []).append(
                        (svc, frozenset({self._net_id(project, att.network)}), "alias")
                    )
        for net in project.networks:
            nid = self._net_id(project, net.name)
            if (net.driver or "").lower() == "overlay":
                index.overlay.add(nid)
            for cidr in net.subnets:
                try:
                    index.subnets.append((ipaddress.ip_network(cidr, strict=False), nid))
                except ValueError:
                    continue
        return index

    def _net_id(self, project: Project, name: str) -> NetId:
        net = project.network(name)
        if net is not None and net.external:
            return ("external", net.real_name or net.name)
        return (f"p:{project.dir}:{project.name}", name)

    def _att_ids(self, project: Project, svc: Service) -> list[NetId]:
        if svc.network_mode:
            return []
        atts = svc.networks
        if not atts:
            return [self._net_id(project, "default")]
        return [self._net_id(project, a.network) for a in atts]

    def net_ids(self, index: _ProjectIndex, svc: Service, _depth: int = 0) -> frozenset[NetId]:
        """The networks a service's container is attached to (following service:X)."""
        mode = (svc.network_mode or "").strip()
        if mode.startswith("service:") and _depth < 8:
            other = index.services.get(mode.split(":", 1)[1])
            return self.net_ids(index, other, _depth + 1) if other else frozenset()
        if mode:
            return frozenset()
        return frozenset(self._att_ids(index.project, svc))

    def index_of(self, svc: Service) -> _ProjectIndex | None:
        for index in self.projects.values():
            if index.project.dir == svc.project and index.services.get(svc.name) is svc:
                return index
        for index in self.projects.values():
            if index.project.dir == svc.project and svc.name in index.services:
                return index
        return None

    def effective_mode(self, index: _ProjectIndex | None, svc: Service, _depth: int = 0) -> str:
        """host | none | bridge | container | service-chain resolved | '' (user networks)."""
        mode = (svc.network_mode or "").strip().lower()
        if mode.startswith("service:") and index is not None and _depth < 8:
            other = index.services.get(svc.network_mode.split(":", 1)[1])
            if other is not None:
                return self.effective_mode(index, other, _depth + 1)
            return "container"
        if mode.startswith("container:"):
            return "container"
        if mode in ("host", "none", "bridge"):
            return mode
        if mode and mode != "default":
            return "container"
        return ""

    # ------------------------------------------------------------------ helpers
    def _listeners(self, index: _ProjectIndex, port: int, exclude: Service | None) -> list[tuple[Service, int]]:
        """Services listening on container port ``port`` or publishing it (-> target)."""
        found: dict[str, tuple[Service, int]] = {}
        for svc in index.project.services:
            if exclude is not None and svc.name == exclude.name:
                continue
            if port in svc.listen_ports:
                found.setdefault(svc.name, (svc, port))
        for svc in index.project.services:
            if exclude is not None and svc.name == exclude.name:
                continue
            if svc.name in found:
                continue
            for p in svc.ports:
                if p.published == port and p.protocol == "tcp":
                    found[svc.name] = (svc, p.target)
                    break
        return list(found.values())

    def _reach_name(self, index: _ProjectIndex, src: Service, dst: Service) -> str | None:
        """The name under which ``src`` reaches ``dst``, or None when it cannot."""
        mode = self.effective_mode(index, src)
        if mode in ("host", "none"):
            return None
        if mode == "bridge":
            for target, alias in src.links:
                if target == dst.name:
                    return alias or dst.name
            return None
        if mode == "container":
            return None
        if self.net_ids(index, src) & self.net_ids(index, dst):
            return dst.name
        return None  # a link without a shared network does not help

    def _self_listens(self, index: _ProjectIndex | None, svc: Service, port: int | None) -> bool:
        if port is None:
            return False
        if port in svc.listen_ports:
            return True
        mode = (svc.network_mode or "")
        if mode.startswith("service:") and index is not None:
            other = index.services.get(mode.split(":", 1)[1])
            if other is not None and port in other.listen_ports:
                return True
        return False

    def _gateway_note(self, svc: Service, index: _ProjectIndex | None) -> str:
        if svc.implicit:
            return (f" On Linux engines, run the container with "
                    f"`--add-host={self.host_alias}:{self.gateway_value}`.")
        if svc.has_host_gateway:
            return ""
        return (f" The `{svc.name}` service also needs `extra_hosts: "
                f"[\"{self.host_alias}:{self.gateway_value}\"]` (required on Linux engines).")

    def _who(self, svc: Service) -> str:
        return "this container" if svc.implicit or not svc.name else f"the `{svc.name}` container"

    def _reached_from_outside(self, svc: Service, port: int | None) -> bool:
        """The service publishes or exposes the port (any port, when it is unknown), or
        another service's value names it (``http://api:8000``)."""
        published = {p.target for p in svc.ports} | set(svc.expose)
        if port is None:
            return bool(published) or svc.name.lower() in self.dialled_names
        return port in published or svc.name.lower() in self.dialled_names

    def _busybox(self, svc: Service) -> bool:
        """The container's wget is busybox's: an Alpine or BusyBox image (``rules/images.yaml``)."""
        import fnmatch

        patterns = self.knowledge.hosts.get("busybox_images") or ()
        for ref in (svc.image, svc.base_image):
            if ref and any(fnmatch.fnmatchcase(ref.strip().lower(), p) for p in patterns):
                return True
        return False

    def _ipv4_only(self, svc: Service) -> bool:
        """The server its start command runs listens on an IPv4 address only (``0.0.0.0``, a
        127.x address, or an IPv4 default)."""
        if svc.command is None:
            return False
        from dockwise.layout.startcmd import analyze_command

        info = analyze_command(svc.command.tokens, self.knowledge, working_dir=svc.command.working_dir,
                               env=svc.environment)
        for server in info.servers:
            hosts = [b.value for b in server.binds] or ([server.bind_default] if server.bind_default else [])
            if hosts and all(_is_ipv4(h) for h in hosts):
                return True
        return False

    # ------------------------------------------------------------------ verdicts
    def verdict(self, ep: Endpoint, svc: Service, *, runs_file: bool = True) -> Verdict | None:
        host = ep.host.strip()
        if not host or HOLE in host:
            return None
        kind = host_kind(host, self.knowledge)
        index = None if svc.implicit else self.index_of(svc)
        mode = self.effective_mode(index, svc)
        role = ep.role
        variables = tuple(v for v in (ep.fallback_for, *ep.fallbacks) if v)
        if variables and role in ("bind", "connect") and (svc.env_unknown or any(svc.env(v) is not None for v in variables)):
            return None  # the service sets the variable: the default never runs there
        if role == "bind":
            if kind == "loopback" and mode not in ("host",):
                return Verdict(
                    "DW201",
                    f"`{ep.text or host}` binds the loopback interface of {self._who(svc)}: "
                    f"nothing outside the container (published ports, other services) can reach it. "
                    f"Bind `0.0.0.0`.",
                    Suggestion("0.0.0.0", None),
                )
            return None
        if role == "bind-default":
            if not runs_file or mode == "host":
                return None
            if not self._reached_from_outside(svc, ep.port):
                return None  # nothing publishes, exposes or dials it: a loopback listener is harmless
            return Verdict(
                "DW201",
                f"{ep.text or 'the server'} binds {host} by default, the loopback interface of "
                f"{self._who(svc)}: published ports never reach it. Pass `0.0.0.0` as the host.",
                Suggestion("0.0.0.0", None),
            )
        if role == "healthcheck":
            if ep.context.startswith("healthcheck:wget") and host.lower() == "localhost" \
                    and self._busybox(svc) and self._ipv4_only(svc):
                return Verdict(
                    "DW202",
                    "busybox `wget` resolves `localhost` to `::1` first; a server listening on IPv4 "
                    "only never answers and the container never turns healthy. Use `127.0.0.1`.",
                    Suggestion("127.0.0.1", ep.port if ep.port_source == "explicit" else None),
                )
            return None
        if role == "advertised-listener":
            return None  # decided by ``advertised_listener_verdicts`` with cross-file evidence
        if role != "connect":
            return None

        if mode == "none":
            if kind in ("loopback",):
                return None
            if kind in ("invalid", "localhost-subdomain"):
                return None
            return Verdict(
                "DW108",
                f"{self._who(svc)} runs with `network_mode: none`: it has no network, so "
                f"`{ep.text or host}` can never be reached.",
                None,
            )
        if kind in ("loopback", "unspecified"):
            return self._loopback(ep, svc, index, mode, kind)
        if kind == "deprecated-alias":
            replacement = self.knowledge.hosts.get("deprecated_aliases", {}).get(host.lower(), self.host_alias)
            note = "" if mode == "host" else self._gateway_note(svc, index)
            return Verdict(
                "DW107",
                f"`{host}` is a deprecated Docker Desktop alias and does not resolve on current engines; "
                f"use `{replacement}`.{note}",
                Suggestion(replacement, None),
            )
        if kind == "host-gateway":
            if svc.implicit or index is None or mode in ("host", "container"):
                return None
            if svc.has_host_gateway:
                return None
            overlay = bool(self.net_ids(index, svc) & index.overlay)
            extra = (" On an overlay network it names whichever node runs the task." if overlay else "")
            return Verdict(
                "DW106",
                f"`{host}` needs `extra_hosts: [\"{self.host_alias}:{self.gateway_value}\"]` in the "
                f"`{svc.name}` service (required on Linux engines; Docker Desktop adds it itself).{extra}",
                None,
            )
        if kind in ("ipv4", "ipv6"):
            return self._ip(ep, svc, index, host)
        if kind == "name":
            if index is None:
                return None
            return self._name(ep, svc, index, mode, host)
        return None

    def _loopback(self, ep: Endpoint, svc: Service, index: _ProjectIndex | None, mode: str, kind: str) -> Verdict | None:
        port = ep.port
        if mode == "host":
            return self._host_mode_loopback(ep, svc, index, port)
        if mode == "container":
            return None  # shares another container's stack: its loopback is that container's
        if ep.span.path in svc.healthcheck_files:
            return None  # a script its healthcheck runs probes its own container
        if self._self_listens(index, svc, port):
            return None
        what = f"`{ep.text or ep.host}`"
        if kind == "unspecified":
            lead = f"{what} uses a bind address as a connect target; inside {self._who(svc)} it reaches the container itself"
        else:
            lead = f"{what} inside {self._who(svc)} reaches the container itself, not another service or the host"
        if index is None:
            sug = Suggestion(self.host_alias, port)
            return Verdict(
                "DW101",
                f"{lead}. No Compose service is declared: a server on the Docker host is "
                f"`{_fmt(self.host_alias, port)}`; a server in another container is reached by its "
                f"service name on a user-defined network shared with it.{self._gateway_note(svc, index)}",
                sug,
            )
        if port is None:
            return Verdict(
                "DW101",
                f"{lead}. Use the service name of the container that serves it (on a shared network), "
                f"or `{self.host_alias}` for a server on the Docker host.",
                None,
            )
        candidates = self._listeners(index, port, exclude=svc)
        reachable = []
        unreachable = []
        for cand, target_port in candidates:
            name = self._reach_name(index, svc, cand)
            if name is None:
                unreachable.append((cand, target_port))
            else:
                reachable.append((cand, target_port, name))
        if len(reachable) == 1:
            cand, target_port, name = reachable[0]
            tail = (f"the `{cand.name}` service listens on {port}" if target_port == port
                    else f"the `{cand.name}` service publishes {port}:{target_port}; inside the network its container port applies")
            return Verdict("DW101", f"{lead}; {tail}: use `{_fmt(name, target_port)}`.",
                           Suggestion(name, target_port))
        if len(reachable) > 1:
            # a service that declares the port (ports:, expose:) over one an image default implies
            declared = [r for r in reachable if any(p.target == r[1] for p in r[0].ports) or r[1] in r[0].expose]
            if len(declared) == 1:
                reachable = declared
        if len(reachable) == 1:
            cand, target_port, name = reachable[0]
            tail = (f"the `{cand.name}` service listens on {port}" if target_port == port
                    else f"the `{cand.name}` service publishes {port}:{target_port}; inside the network its container port applies")
            return Verdict("DW101", f"{lead}; {tail}: use `{_fmt(name, target_port)}`.",
                           Suggestion(name, target_port))
        if len(reachable) > 1:
            names = ", ".join(f"`{_fmt(n, p)}`" for _, p, n in reachable)
            profiles = [frozenset(c.profiles) for c, _, _ in reachable]
            if all(profiles) and all(not (a & b) for i, a in enumerate(profiles) for b in profiles[i + 1:]):
                # alternatives for one role (tei-cpu / tei-gpu): a fix would help one profile and break another
                which = ", ".join(f"`{n}` (profile {', '.join(sorted(c.profiles))})" for c, _, n in reachable)
                return Verdict("DW101", f"{lead}; alternative services listen on {port}: {which}. Use the one "
                               f"the running profile starts, or give them a common network alias.", None)
            return Verdict("DW101", f"{lead}; several services listen on {port}: {names}. Use the one meant.", None)
        if unreachable:
            names = ", ".join(f"`{c.name}`" for c, _ in unreachable)
            return Verdict(
                "DW104",
                f"{lead}; {names} listens on {port} but shares no network with {self._who(svc)}: "
                f"attach both to a common network, then use the service name.",
                None,
            )
        return Verdict(
            "DW101",
            f"{lead}; no service listens on {port}, so the server is presumably on the Docker host: "
            f"use `{_fmt(self.host_alias, port)}`.",
            Suggestion(self.host_alias, port),
            needs_gateway=not svc.has_host_gateway,
        )

    def _host_mode_loopback(self, ep: Endpoint, svc: Service, index: _ProjectIndex | None,
                            port: int | None) -> Verdict | None:
        """``network_mode: host``: loopback is the Docker host, where services are reached at
        the ports they publish.  A port that a service listens on only inside its network
        (and publishes elsewhere, or not at all) is not there."""
        if index is None or port is None or ep.port_source not in ("explicit", "argument"):
            return None
        for other in index.project.services:
            if any(p.published == port and p.protocol == "tcp" for p in other.ports):
                return None  # published on the host: reached
        inside = [s for s in index.project.services if s.name != svc.name and port in s.listen_ports]
        if len(inside) != 1:
            return None  # nobody in the layout listens there: a server on the host itself
        target = inside[0]
        published = sorted({p.published for p in target.ports if p.target == port and p.published and p.protocol == "tcp"})
        what = f"`{ep.text or ep.host}`"
        if len(published) == 1:
            return Verdict(
                "DW101",
                f"{what} in {self._who(svc)} (`network_mode: host`) is the Docker host, where nothing listens on "
                f"{port}: the `{target.name}` service listens on {port} inside its network and publishes it as "
                f"{published[0]}: use `{_fmt(ep.host, published[0])}`.",
                Suggestion(ep.host, published[0]),
            )
        return Verdict(
            "DW101",
            f"{what} in {self._who(svc)} (`network_mode: host`) is the Docker host, where nothing listens on {port}: "
            f"the `{target.name}` service listens on {port} only inside its network. Publish it "
            f"(`ports: [\"{port}:{port}\"]`) and use the published port.",
            None,
        )

    def _ip(self, ep: Endpoint, svc: Service, index: _ProjectIndex | None, host: str) -> Verdict | None:
        ip_text = _norm_ip(host)
        try:
            ip = ipaddress.ip_address(ip_text)
        except ValueError:
            return None
        hit = self.fixed_ips.get(ip_text)
        if hit is not None:
            owner_index, owner = hit
            if owner.name == svc.name and owner.project == svc.project:
                return None
            name = owner.name
            if index is not None and owner_index is index:
                reach = self._reach_name(index, svc, owner)
                if reach is None:
                    return Verdict(
                        "DW104",
                        f"`{ep.text or host}` is the fixed address of the `{owner.name}` service, which shares no "
                        f"network with {self._who(svc)}.",
                        None,
                    )
                name = reach
            port = ep.port if ep.port_source == "explicit" else None
            return Verdict(
                "DW102",
                f"`{ep.text or host}` hard-codes the container address of the `{owner.name}` service; "
                f"use its service name `{name}`, which survives restarts and re-creation.",
                Suggestion(name, port),
            )
        in_subnet: NetId | None = None
        if index is not None:
            for net, nid in index.subnets:
                if ip.version == net.version and ip in net:
                    in_subnet = nid
                    break
        bridge = any(ip.version == net.version and ip in net for net in self.bridge_subnets)
        if in_subnet is None and not bridge:
            return None
        if bridge and ip_text in {_norm_ip(g) for g in self.knowledge.hosts.get("bridge_gateways") or ()}:
            port = ep.port if ep.port_source in ("explicit", "argument", "flow") else None
            return Verdict(
                "DW102",
                f"`{ep.text or host}` is the default bridge's gateway, the Docker host itself: it is not there "
                f"on user-defined networks or on other engines. Use `{_fmt(self.host_alias, port)}`.",
                Suggestion(self.host_alias, port),
                needs_gateway=not svc.implicit and not svc.has_host_gateway,
            )
        suggestion = None
        if index is not None and ep.port is not None:
            cands = [c for c, _ in self._listeners(index, ep.port, exclude=svc)
                     if in_subnet is None or in_subnet in self.net_ids(index, c)]
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

    def _name(self, ep: Endpoint, svc: Service, index: _ProjectIndex, mode: str, host: str) -> Verdict | None:
        key = host.lower().rstrip(".")
        # names the container itself has
        if key in {svc.name.lower(), (svc.hostname or "").lower(), (svc.container_name or "").lower()}:
            return self._published_port(ep, svc, svc, svc.name)
        if any(h.lower() == key for h, _ in svc.extra_hosts):
            return None
        entries = index.names.get(key, [])
        external: list[tuple[_ProjectIndex, Service]] = []
        if not entries:
            # a service of another project sharing an external network
            for members in self.external_members.values():
                for other_index, other in members:
                    if other_index is not index and other.name.lower() == key:
                        external.append((other_index, other))
        if not entries and not external:
            link_aliases = {(a or t).lower() for t, a in svc.links} | {(a or t).lower() for t, a in svc.external_links}
            if key in link_aliases:
                return None
            return self._typo(ep, svc, index, key)
        if external:
            other_index, other = external[0]
            if self.net_ids(index, svc) & self.net_ids(other_index, other):
                return self._published_port(ep, svc, other, host)
            return None
        # which entries resolve from svc?
        svc_nets = self.net_ids(index, svc)
        for target, nets, how in entries:
            if target.name == svc.name:
                return None
            if mode == "bridge":
                for t, alias in svc.links:
                    if t == target.name and (alias or t).lower() == key:
                        return self._published_port(ep, svc, target, host)
                continue
            if mode in ("host", "container"):
                continue
            target_nets = self.net_ids(index, target)
            shared = svc_nets & target_nets
            if nets is not None:
                shared &= nets
            if shared:
                return self._published_port(ep, svc, target, host)
        target = entries[0][0]
        if mode == "host":
            published = sorted({p.published for p in target.ports if p.published and p.protocol == "tcp"
                                and (ep.port is None or p.target == ep.port or p.published == ep.port)})
            where = (f"it publishes {ep.port if ep.port in published else published[0]} on the host: use "
                     f"`{_fmt('localhost', ep.port if ep.port in published else published[0])}`" if published
                     else "it publishes no port on the host: publish the port and use `localhost` with it")
            return Verdict(
                "DW104",
                f"`{ep.text or host}` names the `{target.name}` service, but {self._who(svc)} uses "
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
            f"`{ep.text or host}` names the `{target.name}` service, but {self._who(svc)} {why}: "
            f"the name does not resolve there. Attach both services to a common network.",
            None,
        )

    def _published_port(self, ep: Endpoint, svc: Service, target: Service, name: str) -> Verdict | None:
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
                    f"inside the network its container port applies: use `{_fmt(name, p.target)}`.",
                    Suggestion(name, p.target),
                )
        return None

    def _typo(self, ep: Endpoint, svc: Service, index: _ProjectIndex, key: str) -> Verdict | None:
        if index.typos is None:
            index.typos = TypoIndex(index.names)
        own = {n for n, entries in index.names.items() if any(t.name == svc.name for t, _, _ in entries)}
        best = [(d, n) for d, n in index.typos.near(key) if d > 0 and n not in own]
        if not best:
            return None
        best.sort()
        top = [n for d, n in best if d == best[0][0]]
        if len(set(top)) != 1:
            return None
        name = top[0]
        return Verdict(
            "DW105",
            f"`{ep.host}` is no service, alias, container_name or link in the layout; did you mean `{name}`?",
            Suggestion(name, None),
        )

    # ------------------------------------------------------------------ public
    def resolve(self, ep: Endpoint, runners: Sequence[Service], *, runs_file: Sequence[bool] | None = None) -> list[Finding]:
        """One finding per distinct verdict over the services that run the text."""
        groups: dict[tuple, list[tuple[str, Verdict]]] = {}
        for i, svc in enumerate(runners):
            rf = True if runs_file is None else runs_file[i]
            v = self.verdict(ep, svc, runs_file=rf)
            if v is None:
                continue
            groups.setdefault((v.code, v.suggestion), []).append((svc.name, v))
        findings = []
        for members in groups.values():
            members.sort(key=lambda m: m[0])
            names = tuple(sorted({n for n, _ in members if n}))
            v = members[0][1]
            # services grouped under one verdict may differ in their extra_hosts: name every one lacking it
            lacking = sorted({n for n, m in members if m.needs_gateway and n})
            if lacking:
                who = (f"The `{lacking[0]}` service also needs" if len(lacking) == 1 else
                       "The " + ", ".join(f"`{n}`" for n in lacking) + " services also need")
                v = Verdict(v.code, f"{v.message} {who} `extra_hosts: [\"{self.host_alias}:{self.gateway_value}\"]` "
                            f"(required on Linux engines).", v.suggestion)
            findings.append(self._finding(ep, v, names))
        return findings

    def _finding(self, ep: Endpoint, v: Verdict, services: tuple[str, ...]) -> Finding:
        entry = self.knowledge.codes.get(v.code, {})
        return Finding(
            code=v.code,
            severity=str(entry.get("severity", "error")),
            span=ep.span,
            message=v.message,
            services=services,
            target_host=ep.host,
            target_port=ep.port,
            suggestion=v.suggestion,
            flagged_text=ep.host,
            endpoint=ep,
        )

    def advertised_listener_findings(self, endpoints: Iterable[Endpoint], connects: Iterable[tuple[str, str, int]]) -> list[Finding]:
        """DW109: a broker advertising a loopback host on the port other services bootstrap from.

        ``connects`` holds (project dir, service name, port) for every connect target in the
        run that names a service; a listener advertised as loopback on a port that other
        services connect to redirects them to their own loopback.
        """
        wanted = {(p, s.lower(), port) for p, s, port in connects}
        out = []
        for ep in endpoints:
            if ep.role != "advertised-listener" or ep.port is None:
                continue
            if host_kind(ep.host, self.knowledge) not in ("loopback", "unspecified"):
                continue
            for name in ep.services:
                if (ep.project or "", name.lower(), ep.port) in wanted:
                    v = Verdict(
                        "DW109",
                        f"the `{name}` broker advertises `{_fmt(ep.host, ep.port)}` to its clients: services "
                        f"that bootstrap from `{_fmt(name, ep.port)}` are redirected to their own loopback. "
                        f"Advertise `{_fmt(name, ep.port)}` on that listener.",
                        Suggestion(name, ep.port),
                    )
                    out.append(self._finding(ep, v, (name,)))
                    break
        return out


def _is_ipv4(text: str) -> bool:
    try:
        return ipaddress.ip_address(text.strip()).version == 4
    except ValueError:
        return False


def _norm_ip(text: str) -> str:
    text = text.strip().strip("[]")
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text
