"""The graph built from a run: one cluster per Compose project and network, the services
with their ports and what they run, ``extra_hosts`` gateway edges, and an edge for every
connect target (red and dashed where a finding is)."""
from __future__ import annotations

import ipaddress
from typing import Any

from dockwise.layout.build import owners
from dockwise.model import HOLE, Endpoint, Finding, RunResult
from dockwise.report.graph.model import Cluster, Edge, Graph, Node, clean_host, hostport, node_id, show

DOCKER_HOST = "docker_host"


def _owners(layout: Any, path: str) -> tuple:
    """``dockwise.layout.build.owners`` (none without a layout)."""
    if layout is None:
        return ()
    return tuple(owners(layout, path) or ())


# --------------------------------------------------------------------------- building


def _port_line(port: Any) -> str | None:
    if port.published is None:
        return None
    proto = "" if port.protocol in (None, "", "tcp") else f"/{port.protocol}"
    host = f"{port.host_ip}:{port.published}" if port.host_ip else f"{port.published}"
    if port.host_ip and ":" in port.host_ip:
        host = f"[{port.host_ip}]:{port.published}"
    return f"{port.target}{proto} ← host {host}"


def runs_summary(r: Any) -> str | None:
    """One line saying what a service's container runs (``dockwise.runs.ServiceRuns``)."""
    if r is None:
        return None
    if r.mode == "closure":
        entries = r.entry_points()
        first = entries[0] if entries else "its entry point"
        more = f" +{len(entries) - 1}" if len(entries) > 1 else ""
        n = len(r.modules)
        return f"runs {first}{more} ({n} module{'s' if n != 1 else ''})"
    if r.mode == "fallback":
        return f"runs every file it holds: {r.reason}"
    return None if r.reason.startswith("no project code") else "runs no Python of the project"


def _dockerfile_name(svc: Any) -> str:
    """The file name of the Dockerfile a container outside Compose is built from."""
    return (getattr(svc, "dockerfile", None) or "Dockerfile").rpartition("/")[2]


def _service_label(svc: Any, runs: Any = None, root_name: str = ".") -> str:
    # a container built outside Compose is named after its directory (the project's own
    # name for a Dockerfile at the root)
    lines = [svc.name or f"{svc.project or root_name} ({_dockerfile_name(svc)})"]
    if getattr(svc, "implicit", False) and svc.name:
        lines[0] += " (Dockerfile)"
    mode = getattr(svc, "network_mode", None)
    if mode:
        lines.append(f"network_mode: {mode}")
    summary = runs_summary(runs.of(svc)) if runs is not None else None
    if summary:
        lines.append(summary)
    seen = set()
    for port in sorted(getattr(svc, "ports", ()) or (), key=lambda p: (p.target, p.published or 0, p.protocol, p.host_ip or "")):
        line = _port_line(port)
        if line and line not in seen:
            seen.add(line)
            lines.append(line)
    return show("\n".join(lines))


def _net_label(net: Any, name: str) -> str:
    notes = []
    if net is not None:
        if net.external:
            notes.append("external" + (f": {net.real_name}" if net.real_name and net.real_name != name else ""))
        elif net.real_name and net.real_name != name:
            notes.append(f"name: {net.real_name}")
        if net.internal:
            notes.append("internal")
        if net.driver and net.driver != "bridge":
            notes.append(net.driver)
    return show(f"network {name}" + (f" ({', '.join(notes)})" if notes else ""))


class _Builder:
    def __init__(self, result: RunResult) -> None:
        self.result = result
        self.layout = result.layout
        self.runs = getattr(result, "runs", None)
        root = getattr(result, "root", None)
        self.root_name = getattr(root, "name", "") or "."
        assert result.knowledge is not None, "a run's result carries its knowledge (engine.run_check)"
        hosts = result.knowledge.hosts  # rules/hosts.yaml as the run loaded it, with its rule packs
        # what a real external host ends with (rules/hosts.yaml; any two-letter country code too)
        self.tlds = {t.lower() for t in hosts.external_tlds}
        self.agg: dict[tuple[str, str], dict[str, Any]] = {}  # (source, target) -> what the edge gathers
        self.loopback = {h.lower() for h in hosts.loopback_names}
        self.host_names = {h.lower() for h in hosts.host_gateway_names}
        self.host_names |= {h.lower() for h in hosts.gateway_names}
        self.host_names |= {h.lower() for h in hosts.deprecated_aliases}
        self.gateway_value = hosts.host_gateway_value.lower()
        self.graph = Graph()
        self.svc_nodes: dict[Any, str] = {}  # Service -> node id
        self.by_name: dict[tuple[str, str], list[str]] = {}  # (project dir, service name) -> node ids
        self.services: list[tuple[Any, Any, str]] = []  # (service, project or None, node id)
        self.externals: dict[str, Node] = {}
        self.files: dict[str, Node] = {}
        self.need_host = False
        self.edges: set[Edge] = set()

    # -- nodes ------------------------------------------------------------------------
    def build(self) -> Graph:
        projects = sorted(getattr(self.layout, "projects", ()) or (), key=lambda p: (p.dir, p.variant, p.files))
        wrap = len(projects) > 1
        for i, project in enumerate(projects):
            pid = node_id(f"p{i}")
            clusters = self._project(project, pid)
            if wrap:
                files = ", ".join(project.files)
                title = f"project {project.dir or '.'}" + (f" ({files})" if files else "")
                self.graph.clusters.append(Cluster(pid, show(title), clusters[1], clusters[0], kind="project"))
            else:
                self.graph.clusters.extend(clusters[0])
                self.graph.nodes.extend(clusters[1])
        containers = sorted(getattr(self.layout, "containers", ()) or (), key=lambda s: (s.project, s.name))
        if containers:
            cluster = Cluster("standalone", "containers without Compose (docker run)", kind="standalone")
            for svc in containers:
                # several Dockerfiles of one directory (Dockerfile.api, Dockerfile.worker) are
                # several containers: the name keeps their nodes apart
                name = _dockerfile_name(svc)
                nid = node_id("c", svc.project, svc.name) if name == "Dockerfile" else node_id("c", svc.project, svc.name, name)
                cluster.nodes.append(Node(nid, _service_label(svc, self.runs, self.root_name), "service"))
                self._register(svc, None, nid)
            self.graph.clusters.append(cluster)
        self._index()
        for svc, project, nid in self.services:
            self._service_edges(svc, project, nid)
        for ep in sorted(self.result.endpoints, key=lambda e: (e.span, e.host, e.port or 0)):
            if ep.role == "connect":
                self._connect(ep)
        self._edges_from_connects()
        if self.need_host:
            self.graph.nodes.append(Node(DOCKER_HOST, "Docker host", "host"))
        self.graph.nodes.extend(self.externals[k] for k in sorted(self.externals))
        self.graph.nodes.extend(self.files[k] for k in sorted(self.files))
        if not self.graph.clusters and not self.graph.nodes:
            self.graph.nodes.append(Node("empty", "no Compose services or containers found", "empty"))
        self.graph.edges = sorted(self.edges)
        return self.graph

    def _index(self) -> None:
        """Lookups by name, node, address and span, built once the services are known: each
        connect target asks them for each service that runs it (a platform has hundreds of
        both; scanning every service per question made the graph quadratic)."""
        self._by_host: dict[str, list[tuple[Any, Any, str]]] = {}
        self._by_service: dict[str, list[tuple[Any, Any, str]]] = {}
        self._by_nid: dict[str, tuple[Any, Any]] = {}
        self._by_address: dict[str, list[str]] = {}
        self._order: dict[str, int] = {}
        for entry in self.services:
            svc, project, nid = entry
            for name in _names(svc):
                self._by_host.setdefault(name, []).append(entry)
            self._by_service.setdefault(svc.name, []).append(entry)
            self._by_nid.setdefault(nid, (svc, project))
            self._order.setdefault(nid, len(self._order))
            for a in svc.networks:
                for ip in {a.ipv4_address, a.ipv6_address} - {None}:
                    self._by_address.setdefault(ip, []).append(nid)
        self._findings_at: dict[Any, list[Finding]] = {}
        for f in self.result.findings:
            self._findings_at.setdefault(f.span, []).append(f)
            if f.endpoint is not None and f.endpoint.span != f.span:
                self._findings_at.setdefault(f.endpoint.span, []).append(f)

    def _register(self, svc: Any, project: Any, nid: str) -> None:
        self.svc_nodes[svc] = nid
        self.by_name.setdefault((svc.project, svc.name), []).append(nid)
        self.services.append((svc, project, nid))

    def _project(self, project: Any, pid: str) -> tuple[list[Cluster], list[Node]]:
        nets: dict[str, Cluster] = {}
        loose: list[Node] = []
        members: dict[str, list[str]] = {}
        for svc in sorted(project.services, key=lambda s: s.name):
            nid = node_id(pid, "svc", svc.name)
            node = Node(nid, _service_label(svc, self.runs), "service")
            self._register(svc, project, nid)
            attached = sorted({a.network for a in svc.networks})
            if svc.network_mode or len(attached) != 1:
                loose.append(node)
            else:
                attached_to = attached[0]
                nets.setdefault(attached_to, Cluster(node_id(pid, "net", attached_to), "")).nodes.append(node)
            if not svc.network_mode and len(attached) > 1:
                for net in attached:
                    members.setdefault(net, []).append(nid)
        for net in project.networks:
            if net.name in nets or net.name in members:
                nets.setdefault(net.name, Cluster(node_id(pid, "net", net.name), ""))
        for name, cluster in nets.items():
            cluster.label = _net_label(project.network(name), name)
        for name, nids in members.items():
            cluster = nets.setdefault(name, Cluster(node_id(pid, "net", name), _net_label(project.network(name), name)))
            hub = node_id(pid, "hub", name)
            cluster.nodes.append(Node(hub, show(name), "hub"))
            for nid in nids:
                self.edges.add(Edge(nid, hub, "", "member"))
        for cluster in nets.values():
            cluster.nodes.sort(key=lambda n: (n.kind != "hub", n.id))
        return [nets[k] for k in sorted(nets)], loose

    def _service_edges(self, svc: Any, project: Any, nid: str) -> None:
        for host, address in sorted(getattr(svc, "extra_hosts", ()) or ()):
            if str(address).strip().lower() == self.gateway_value:
                self.need_host = True
                self.edges.add(Edge(nid, DOCKER_HOST, show(f"extra_hosts {host}"), "gateway"))
        mode = (getattr(svc, "network_mode", None) or "").strip()
        if mode == "host":
            self.need_host = True
            self.edges.add(Edge(nid, DOCKER_HOST, "network_mode: host", "shares"))
        elif mode.startswith(("service:", "container:")):
            other = mode.split(":", 1)[1]
            for target in self._named(other, project, svc.project, containers_too=True):
                if target != nid:
                    self.edges.add(Edge(nid, target, show(f"network_mode: {mode}"), "shares"))

    # -- connect targets ---------------------------------------------------------------
    def _runners(self, ep: Endpoint) -> list[tuple[Any, str]]:
        out: list[tuple[Any, str]] = []
        if ep.services:
            wanted = set(ep.services)
            for svc, project, nid in sorted((e for name in wanted for e in self._by_service.get(name, ())),
                                           key=lambda e: self._order[e[2]]):
                if (ep.project is None or svc.project == ep.project) and _writes(project, ep.span.path):
                    out.append((svc, nid))
            if out:
                return out
        runners = self.runs.runners(ep.span.path) if self.runs is not None else _owners(self.layout, ep.span.path)
        for svc in runners:
            runner = self.svc_nodes.get(svc)  # its node id
            if runner is None:
                ids = self.by_name.get((getattr(svc, "project", ""), getattr(svc, "name", "")), [])
                runner = ids[0] if ids else None
            if runner is not None and runner in self._by_nid:
                out.append((self._by_nid[runner][0], runner))
        if not out and not ep.services and ep.project is not None:
            # a Dockerfile/.env value with no Compose service: the implicit container runs it
            for svc, project, nid in self.services:
                if project is None and svc.project == ep.project:
                    out.append((svc, nid))
                    break
        return out

    def _project_of(self, nid: str) -> Any:
        hit = self._by_nid.get(nid)
        return hit[1] if hit is not None else None

    def _named(self, host: str, project: Any, project_dir: str, containers_too: bool = False) -> list[str]:
        """Service nodes a name resolves to: the runner's project first, then any project."""
        named = self._by_host.get(host.lower(), ())  # in the order of self.services
        local = [nid for svc, proj, nid in named if proj is project and project is not None]
        if local:
            return local
        same_dir = [nid for svc, proj, nid in named if svc.project == project_dir and (proj is not None or containers_too)]
        if same_dir:
            return same_dir[:1]
        anywhere = [nid for svc, proj, nid in named if proj is not None]
        return anywhere[:1]

    def _by_ip(self, host: str) -> list[str]:
        return list(self._by_address.get(host, ()))

    def _real_host(self, low: str) -> bool:
        """An address or a DNS name an external server can have: an IP, or a dotted name
        whose last label is a top-level domain (``api.github.com``); not a Python name
        (``sys.stdout``, ``auth.login``), a word (``true``, ``string``) or a hole."""
        try:
            ipaddress.ip_address(low)
            return True
        except ValueError:
            pass
        labels = low.split(".")
        if len(labels) < 2 or not all(labels):
            return False
        tld = labels[-1]
        return tld.isascii() and tld.isalpha() and (len(tld) == 2 or tld in self.tlds)

    def _target(self, host: str, svc: Any, nid: str, keep_unknown: bool = True) -> str | None:
        host = clean_host(host)
        low = host.lower().strip("[]")
        mode = (getattr(svc, "network_mode", None) or "").strip()
        loopback = low in self.loopback or low.startswith("127.") or low in ("::1", "0:0:0:0:0:0:0:1", "0.0.0.0", "::")
        if loopback:
            if mode == "host":
                self.need_host = True
                return DOCKER_HOST
            if mode.startswith(("service:", "container:")):
                shared = self._named(mode.split(":", 1)[1], self._project_of(nid), svc.project, containers_too=True)
                if shared:
                    return shared[0]
            return nid
        if low in self.host_names or any(h.lower() == low and str(a).lower() == self.gateway_value
                                         for h, a in getattr(svc, "extra_hosts", ()) or ()):
            self.need_host = True
            return DOCKER_HOST
        if HOLE not in low and low:
            for alias_from, alias in getattr(svc, "links", ()) or ():
                if alias.lower() == low:
                    hit = self._named(alias_from, self._project_of(nid), svc.project)
                    if hit:
                        return hit[0]
            hit = self._named(low, self._project_of(nid), svc.project)
            if hit:
                return hit[0]
            hit = self._by_ip(low)
            if hit:
                return hit[0]
        if not keep_unknown and not self._real_host(low):
            return None  # no server anyone could reach: not drawn unless a rule flags it
        key = "?" if HOLE in low or not low else low
        ext = node_id("ext", key)
        if ext not in self.externals:
            self.externals[ext] = Node(ext, show(host if key != "?" else "unknown host (…)"), "external")
        return ext

    def _findings(self, ep: Endpoint) -> list[Finding]:
        near = [*self._findings_at.get(ep.span, ()), *(self._findings_at.get(ep.port_span, ())
                                                       if ep.port_span is not None else ())]
        unique = {id(f): f for f in near}.values()  # only their codes are used: order does not matter
        return [f for f in unique
                if f.endpoint == ep or f.span == ep.span or (ep.port_span is not None and f.span == ep.port_span)]

    def _connect(self, ep: Endpoint) -> None:
        """Gather ``ep`` into the edge of each (service, target) it belongs to."""
        runners = self._runners(ep)
        findings = self._findings(ep)
        if not runners:
            fid = node_id("file", ep.span.path)
            active, ignored = _codes(findings)
            pairs = [(fid, self._target(ep.host, _NoService(), fid, keep_unknown=bool(active)), True,
                      active, ignored)]
        else:
            pairs = []
            for svc, nid in runners:
                # a finding's codes go on the edges of the containers its verdict holds for (a
                # same-named service of another Compose project may dial the value safely)
                active, ignored = _codes([f for f in findings if _holds_for(f, svc)])
                pairs.append((nid, self._target(ep.host, svc, nid, keep_unknown=bool(active)), False, active, ignored))
        for source, target, is_file, active, ignored in pairs:
            if target is None:
                continue
            if is_file:
                self.files.setdefault(source, Node(source, show(f"{ep.span.path} (no container)"), "file"))
            edge = self.agg.setdefault((source, target), {
                "active": set(), "ignored": set(), "texts": [], "origins": [], "fallback": True,
                "flagged_texts": [], "flagged_origins": []})
            edge["active"] |= active
            edge["ignored"] |= ignored
            text = hostport(ep.host, ep.port)
            origin = f"{ep.span.path}:{ep.span.line}"
            # the sites a rule flags are kept apart: a brittle edge names them first, before
            # the pair's other sites (a fallback the service's environment makes dead)
            for key, value in (("texts", text), ("origins", origin)):
                if value not in edge[key]:
                    edge[key].append(value)
                if active and value not in edge["flagged_" + key]:
                    edge["flagged_" + key].append(value)
            # a fallback (the value an unset variable falls back to) that no rule flags is drawn
            # dashed: the container may never use it
            edge["fallback"] = edge["fallback"] and bool(getattr(ep, "fallback_for", None))

    def _edges_from_connects(self) -> None:
        """One edge per (service, target): its codes, the addresses, and where they are written."""
        for (source, target), e in self.agg.items():
            active = sorted(e["active"])
            ignored = sorted(e["ignored"] - e["active"])
            # the flagged sites first: the first ones shown are where the findings are
            texts = [*e["flagged_texts"], *(t for t in e["texts"] if t not in e["flagged_texts"])]
            sites = [*e["flagged_origins"], *(o for o in e["origins"] if o not in e["flagged_origins"])]
            origins = ", ".join(sites[:3]) + (f" +{len(sites) - 3} more" if len(sites) > 3 else "")
            if active:
                # the codes name the flagged addresses alone: the edge's other addresses (a
                # value no rule flags, a fallback the environment makes dead) come after "also"
                flagged = e["flagged_texts"]
                others = [t for t in texts if t not in flagged]
                label = f"{', '.join(active)} {_shown(flagged)}" + (f"; also {_shown(others)}" if others else "")
            else:
                label = _shown(texts)
            if ignored and not active:
                label += f" ({', '.join(ignored)} ignored)"
            label = show(f"{label}\n{origins}")
            style = "brittle" if active else ("fallback" if e["fallback"] else "connect")
            self.edges.add(Edge(source, target, label, style, tuple(active)))


def _shown(texts: list[str]) -> str:
    """The first three addresses of an edge, and how many more."""
    return ", ".join(texts[:3]) + (f" +{len(texts) - 3}" if len(texts) > 3 else "")


def _names(svc: Any) -> set[str]:
    """The names a service answers to on its networks (lower case)."""
    out = {svc.name.lower()}
    for extra in (svc.container_name, svc.hostname):
        if extra:
            out.add(extra.lower())
    if svc.hostname and svc.domainname:
        out.add(f"{svc.hostname}.{svc.domainname}".lower())
    for att in svc.networks:
        out.update(a.lower() for a in att.aliases)
    return out


class _NoService:
    name = ""
    project = ""
    network_mode = None
    extra_hosts: tuple = ()
    links: tuple = ()
    networks: tuple = ()


def build(result: RunResult) -> Graph:
    return _Builder(result).build()


def _writes(project: Any, path: str) -> bool:
    """A value written in a Compose file belongs to the projects that load that file: a
    same-named service of another project of the directory does not carry it."""
    if project is None or not path.lower().endswith((".yml", ".yaml")):
        return True
    files = getattr(project, "files", None)
    return not files or path in files


def _codes(findings: list[Finding]) -> tuple[set[str], set[str]]:
    """The codes of the findings that stand, and of those only suppressed."""
    active = {f.code for f in findings if not f.suppressed}
    return active, {f.code for f in findings if f.suppressed} - active


def _holds_for(f: Finding, svc: Any) -> bool:
    """The finding's verdict holds for the container ``svc``: one of the services it was
    judged for (``runners``), or a service it names whose verdict it only mentions (another
    verdict merged into its message), by name."""
    if any(r is svc for r in f.runners):
        return True
    name = getattr(svc, "name", None)
    return name in f.services and not any(getattr(r, "name", None) == name for r in f.runners)
