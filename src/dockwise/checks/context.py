"""The layout index every check reads: built once per layout, then only read.

For each Compose project: its services, the names that resolve on its networks (service
names, container names, hostnames, network aliases), its subnets and overlay networks.
Across the layout: every fixed container address and the external networks that projects
share.  On top of the index, the reachability questions the checks ask: which networks a
container is attached to, its effective ``network_mode``, who listens on a port, and under
which name one service reaches another.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field

from dockwise.knowledge import Knowledge
from dockwise.layout.envlisten import flag_ports
from dockwise.layout.model import Layout, Project, Service
from dockwise.model import Endpoint, Span
from dockwise.typo import TypoIndex

# A network's identity across projects: non-external networks are private to a project,
# external networks are shared by their real name.
NetId = tuple[str, str]


@dataclass
class ProjectIndex:
    project: Project
    services: dict[str, Service] = field(default_factory=dict)
    # name -> list of (service, network ids on which the name resolves; None = any shared network)
    names: dict[str, list[tuple[Service, frozenset[NetId] | None, str]]] = field(default_factory=dict)
    subnets: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, NetId]] = field(default_factory=list)
    overlay: set[NetId] = field(default_factory=set)
    # the gateway address of each bridge network with a declared subnet -> its network: the
    # Docker host's address on that network's bridge
    gateways: dict[str, NetId] = field(default_factory=dict)
    typos: TypoIndex | None = None  # built on first use (checks.dw105)


class Context:
    """The indexes of one layout and the Docker host's names (``rules/hosts.yaml``)."""

    def __init__(self, layout: Layout, knowledge: Knowledge) -> None:
        self.layout = layout
        self.knowledge = knowledge
        hosts = knowledge.hosts
        self.host_alias: str = hosts.host_alias
        self.gateway_value: str = hosts.host_gateway_value
        self.bridge_subnets = [ipaddress.ip_network(s, strict=False) for s in hosts.default_bridge_subnets]
        self.projects: dict[str, ProjectIndex] = {}
        for project in layout.projects:
            self.projects[self._project_key(project)] = self._index(project)
        # every fixed address of every service: ip -> (project index, service)
        self.fixed_ips: dict[str, tuple[ProjectIndex, Service]] = {}
        for index in self.projects.values():
            for svc in index.project.services:
                for att in svc.networks:
                    for ip in (att.ipv4_address, att.ipv6_address):
                        if ip:
                            self.fixed_ips.setdefault(norm_ip(ip), (index, svc))
        # service names other services' values dial (``http://api:8000``): set by the engine
        self.dialled_names: Container[str] = set()
        # (service name, port) pairs those values dial with the port written: set by the engine
        self.dialled_at: Container[tuple[str, int]] = set()
        # the ports of the servers a service's start command launches beside its app
        # (``redis-server &`` in its entrypoint script): set by the engine from what it runs
        self.started_ports: Callable[[Service], Iterable[int]] = _nothing_started
        # the loopback ports a proxy its start command launches forwards to (an envoy
        # sidecar's cluster at 127.0.0.1:8080): set by the engine from what it runs
        self.forwarded_ports: Callable[[Service], Iterable[int]] = _nothing_started
        # the ports a proxy its start command launches listens on at IPv4 addresses alone
        # (nginx's ``listen 8080;``): set by the engine from what it runs
        self.ipv4_only_ports: Callable[[Service], Iterable[int]] = _nothing_started
        # whether that proxy loads only the tree's configuration (its main file includes no
        # other), none the image ships: set by the engine from what it runs
        self.proxy_config_whole: Callable[[Service], bool] = _config_not_whole
        # whether what a service's container starts is unknown (every file it holds is
        # judged): set by the engine from what the services run
        self.start_unknown: Callable[[Service], bool] = _start_known
        # whether the Python a service runs dials a port at loopback: set by the engine (the judge)
        self.dials_own_port: Callable[[Service, int], bool] = _dials_nothing
        # whether the Python a service runs binds a server on a port (a gRPC server's
        # add_insecure_port, uvicorn.run(port=...)), a port its layout may not declare: set by
        # the engine (the judge)
        self.code_serves: Callable[[Service, int], bool] = _dials_nothing
        # the ports of a loopback bind's imported port name that the Python a service runs
        # dials at loopback itself (None: nothing dials it): set by the engine (the judge)
        self.dials_bound_port: Callable[[Service, Endpoint], tuple[int, ...] | None] = _dials_no_bind
        # whether the settings a service's Python loads give a server's address under a
        # setting's name (``RUNSERVERPLUS_SERVER_ADDRESS_PORT``): set by the engine (the judge)
        self.sets_bind_setting: Callable[[Service, str], bool] = _sets_no_setting
        # external networks shared by several projects: real name -> [(index, service)]
        self.external_members: dict[str, list[tuple[ProjectIndex, Service]]] = {}
        for index in self.projects.values():
            for svc in index.project.services:
                for net in self.net_ids(index, svc):
                    if net[0] == "external":
                        self.external_members.setdefault(net[1], []).append((index, svc))

    # ------------------------------------------------------------------ indexes
    @staticmethod
    def _project_key(project: Project) -> str:
        return f"{project.dir}\x00{','.join(project.files)}"

    def _index(self, project: Project) -> ProjectIndex:
        index = ProjectIndex(project)
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
            if (net.driver or "bridge").lower() == "bridge":
                # (a macvlan or ipvlan network's gateway is a router of the LAN, not the host)
                for gateway in net.gateways:
                    index.gateways.setdefault(norm_ip(gateway), nid)
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

    def net_ids(self, index: ProjectIndex, svc: Service, _depth: int = 0) -> frozenset[NetId]:
        """The networks a service's container is attached to (following service:X)."""
        mode = (svc.network_mode or "").strip()
        if mode.startswith("service:") and _depth < 8:
            other = index.services.get(mode.split(":", 1)[1])
            return self.net_ids(index, other, _depth + 1) if other else frozenset()
        if mode:
            return frozenset()
        return frozenset(self._att_ids(index.project, svc))

    def index_of(self, svc: Service) -> ProjectIndex | None:
        for index in self.projects.values():
            if index.project.dir == svc.project and index.services.get(svc.name) is svc:
                return index
        for index in self.projects.values():
            if index.project.dir == svc.project and svc.name in index.services:
                return index
        return None

    def project_key(self, svc: Service) -> str:
        """The Compose project ``svc`` belongs to.  A directory may hold several (a variant
        file judged alone beside its base, a test stack beside the app's): what one of them
        dials says nothing of another's services.  A container outside Compose: its directory."""
        index = self.index_of(svc)
        return self._project_key(index.project) if index is not None else svc.project

    def projects_defining(self, directory: str, name: str, span: Span | None = None) -> list[str]:
        """The keys of the projects in ``directory`` that define service ``name``; those whose
        service carries ``span`` (the value is written in their files) where some do."""
        found = [(key, index) for key, index in self.projects.items()
                 if index.project.dir == directory and name in index.services]
        if span is not None:
            carrying = [key for key, index in found if index.services[name].carries(span)]
            if carrying:
                return carrying
        return [key for key, _ in found]

    def effective_mode(self, index: ProjectIndex | None, svc: Service, _depth: int = 0) -> str:
        """host | none | bridge | container | service-chain resolved | '' (user networks)."""
        mode = (svc.network_mode or "").strip().lower()
        if mode.startswith("service:") and index is not None and _depth < 8:
            other = index.services.get((svc.network_mode or "").split(":", 1)[1])
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

    # ------------------------------------------------------------------ reachability
    def listeners(self, index: ProjectIndex, port: int, exclude: Service | None) -> list[tuple[Service, int]]:
        """Services listening on container port ``port`` or publishing it (-> target)."""
        found: dict[str, tuple[Service, int]] = {}
        for svc in index.project.services:
            if exclude is not None and svc.name == exclude.name:
                continue
            if port in self.started_ports(svc) or (port in svc.listen_ports and not self._unserved(svc, port)):
                found.setdefault(svc.name, (svc, port))
        for svc in index.project.services:
            if exclude is not None and svc.name == exclude.name:
                continue
            if svc.name in found:
                continue
            for p in svc.ports:
                if p.published == port and p.protocol == "tcp" and not self._unserved(svc, p.target):
                    found[svc.name] = (svc, p.target)
                    break
        return list(found.values())

    def _unserved(self, svc: Service, port: int) -> bool:
        """Whether ``svc`` publishes container port ``port`` (``ports:``) where nothing it runs
        listens: its start command runs only servers told other ports, and no server it
        launches beside them serves it.  Publishing a port makes no listener: a client sent
        there is refused."""
        return port in svc.unserved_ports and port not in self.started_ports(svc)

    def reach_name(self, index: ProjectIndex, src: Service, dst: Service) -> str | None:
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
            # a service in another's network stack (``network_mode: service:X``) has no endpoint
            # of its own on any network: no name resolves to it but X's, whose stack it serves in
            root = self._stack_root(index, dst)
            return root.name if root is not None else dst.name
        return None  # a link without a shared network does not help

    def stack_mates(self, index: ProjectIndex | None, svc: Service) -> list[Service]:
        """``svc`` and every service of its project in the same network stack: the service
        whose stack it joins (``network_mode: service:X``), and the others that join X too.
        They share one loopback interface, so ``localhost:6379`` in a worker in X's stack
        reaches a redis in X's stack as well (a set of services all in one VPN or Tor
        container's stack, which no name resolves)."""
        root = self._stack_root(index, svc)
        if index is None or root is None:
            return [svc]
        return [svc] + [o for o in index.project.services
                        if o.name != svc.name and self._stack_root(index, o) is root]

    def _stack_root(self, index: ProjectIndex | None, svc: Service, _depth: int = 0) -> Service | None:
        """The service whose network stack ``svc`` runs in, following ``service:X`` chains
        (itself when it joins none); None when the chain leaves the project."""
        mode = (svc.network_mode or "").strip()
        if not mode.startswith("service:"):
            return svc
        other = index.services.get(mode.split(":", 1)[1]) if index is not None else None
        if other is None or _depth >= 8:
            return None
        return self._stack_root(index, other, _depth + 1)

    def self_listens(self, index: ProjectIndex | None, svc: Service, port: int | None) -> bool:
        """Whether the loopback address may be the container's own server: it listens on
        ``port``; or the code does not say the port (``f"http://localhost:{settings.port}"``)
        and the container serves one, which the address may well be (no evidence either way:
        silence)."""
        stacks = self.stack_mates(index, svc)
        flags = self.knowledge.commands.listen_flags
        # a program the service's own environment tells to listen (a browser's launch
        # arguments, ``--remote-debugging-port=9222``): layout/envlisten.py
        told = {s.name: flag_ports(s.environment, flags) for s in stacks}
        if port is None:
            return any(s.listen_ports or s.build_servers or tuple(self.started_ports(s)) or told[s.name]
                       for s in stacks)
        if any(port in s.listen_ports or port in self.started_ports(s) or port in told[s.name] for s in stacks):
            return True
        # a server the image's build started (layout/buildservers.py) is no evidence where
        # another service of the project serves that port: the build's was a setup aid
        return any(port in s.build_servers for s in stacks) and not (
            index is not None and any(port in o.listen_ports or port in self.started_ports(o)
                                      for o in index.project.services if o.name not in {s.name for s in stacks}))

    # ------------------------------------------------------------------ message parts
    def loopback_note(self, port: int | None, scheme: str | None = None) -> str:
        """Where the server suggested on the Docker host listens on the host's loopback alone
        by default (``rules/hosts.yaml`` loopback_servers), what it needs to be reached.  Not
        where the address's own protocol (``scheme``) is another than the one served at that
        port by default (an Elasticsearch client at 27017 dials no MongoDB)."""
        entry = self.knowledge.hosts.loopback_servers.get(str(port)) if port is not None else None
        if not entry or port is None:
            return ""
        mine, usual = self.knowledge.scheme(scheme), self.knowledge.scheme(self.knowledge.scheme_of_port(port))
        if mine is not None and usual is not None and mine.kind == "network" and mine.port != usual.port:
            return ""
        server, _, how = entry.partition(";")
        return (f" {server.strip()[:1].upper()}{server.strip()[1:]} on the Docker host listens on 127.0.0.1 "
                f"alone by default, which a container on a Linux engine does not reach: "
                f"{how.strip()}.")

    def gateway_note(self, svc: Service) -> str:
        """What a service that dials the Docker host's alias must add (Linux engines)."""
        if svc.implicit:
            return (f" On Linux engines, run the container with "
                    f"`--add-host={self.host_alias}:{self.gateway_value}`.")
        if svc.has_host_gateway:
            return ""
        return (f" The `{svc.name}` service also needs `extra_hosts: "
                f"[\"{self.host_alias}:{self.gateway_value}\"]` (required on Linux engines).")


def _nothing_started(svc: Service) -> tuple[int, ...]:
    return ()


def _start_known(svc: Service) -> bool:
    return False


def _config_not_whole(svc: Service) -> bool:
    return False


def _dials_nothing(svc: Service, port: int) -> bool:
    return False


def _dials_no_bind(svc: Service, ep: Endpoint) -> tuple[int, ...] | None:
    return None


def _sets_no_setting(svc: Service, name: str) -> bool:
    return False


def norm_ip(text: str) -> str:
    """An address in its canonical text (``[::1]`` and ``0:0::1`` -> ``::1``)."""
    text = text.strip().strip("[]")
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return text
