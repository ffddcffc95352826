"""The declared network layout and every connect target as a Mermaid or Graphviz graph.

- one subgraph per Compose project when there are several (a monorepo), inside it one per
  network holding the services attached to that network only; a service on several
  networks sits in the project and is tied by dotted lines to a small node in each of its
  networks' subgraphs;
- a service's label lists its published ports (``5432 ← host 15432``) and its
  ``network_mode`` when set;
- ``extra_hosts`` entries pointing at ``host-gateway`` are edges to the "Docker host" node;
- every connect target (``result.endpoints`` with role "connect") is an edge from the
  service(s) that run it to the service, Docker host or external host it reaches; edges
  whose text has a finding are red and dashed and carry the finding's code.

Node ids are sanitised ([A-Za-z0-9_], prefixed), labels escaped for each format, every
shown text passes the credential redactor, and the output is sorted (deterministic).
"""
from __future__ import annotations

import hashlib
import ipaddress
import json
import re
from dataclasses import dataclass, field
from typing import Any

from dockwise.layout.build import owners
from dockwise.model import HOLE, Endpoint, Finding, RunResult
from dockwise.report import safe

DOCKER_HOST = "docker_host"
_ID_BAD = re.compile(r"[^A-Za-z0-9_]")
_DEFAULT_LOOPBACK = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "loopback")
_DEFAULT_HOST_GATEWAY = ("host.docker.internal",)
_DEFAULT_GATEWAY = ("gateway.docker.internal",)


# --------------------------------------------------------------------------- model


@dataclass
class Node:
    id: str
    label: str  # lines joined by "\n" (already redacted)
    kind: str  # service | hub | host | external | file | empty


@dataclass
class Cluster:
    id: str
    label: str
    nodes: list[Node] = field(default_factory=list)
    clusters: list["Cluster"] = field(default_factory=list)
    kind: str = "network"  # project | network | standalone


@dataclass(frozen=True, order=True)
class Edge:
    source: str
    target: str
    label: str = ""
    style: str = "connect"  # connect | brittle | fallback | member | gateway | shares
    codes: tuple[str, ...] = ()


@dataclass
class Graph:
    clusters: list[Cluster] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)  # top-level nodes (Docker host, externals)
    edges: list[Edge] = field(default_factory=list)


# --------------------------------------------------------------------------- ids & text


def node_id(*parts: str) -> str:
    """A Mermaid- and DOT-safe identifier; a short hash keeps sanitised names distinct."""
    raw = "/".join(parts)
    clean = "_".join(_ID_BAD.sub("_", p) or "_" for p in parts)
    if _ID_BAD.search("".join(parts)) or any(not p for p in parts):
        clean += "_" + hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return clean


def _show(text: str) -> str:
    return safe(str(text).replace(HOLE, "…"))


def _clean_host(host: str) -> str:
    """A host as shown: never with user info (a host text holding '@' is cut after it)."""
    host = str(host or "")
    if "@" in host:
        host = host.rsplit("@", 1)[1]
    return host


def _hostport(host: str, port: int | None) -> str:
    host = _clean_host(host)
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"{shown}:{port}" if port is not None else shown


def _owners(layout: Any, path: str) -> tuple:
    """``dockwise.layout.build.owners`` (never raises)."""
    if layout is None:
        return ()
    try:
        return tuple(owners(layout, path) or ())
    except Exception:
        return ()


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


def _service_label(svc: Any, runs: Any = None, root_name: str = ".") -> str:
    # a container built outside Compose is named after its directory (the project's own
    # name for a Dockerfile at the root)
    lines = [svc.name or f"{svc.project or root_name} (Dockerfile)"]
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
    return _show("\n".join(lines))


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
    return _show(f"network {name}" + (f" ({', '.join(notes)})" if notes else ""))


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
        self.tlds = {str(t).lower() for t in hosts.get("external_tlds") or ()}
        self.agg: dict[tuple[str, str], dict[str, Any]] = {}  # (source, target) -> what the edge gathers
        self.loopback = {h.lower() for h in hosts.get("loopback_names") or _DEFAULT_LOOPBACK}
        self.host_names = {h.lower() for h in (hosts.get("host_gateway_names") or _DEFAULT_HOST_GATEWAY)}
        self.host_names |= {h.lower() for h in (hosts.get("gateway_names") or _DEFAULT_GATEWAY)}
        self.host_names |= {str(h).lower() for h in (hosts.get("deprecated_aliases") or {})}
        self.gateway_value = str(hosts.get("host_gateway_value") or "host-gateway").lower()
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
                self.graph.clusters.append(Cluster(pid, _show(title), clusters[1], clusters[0], kind="project"))
            else:
                self.graph.clusters.extend(clusters[0])
                self.graph.nodes.extend(clusters[1])
        containers = sorted(getattr(self.layout, "containers", ()) or (), key=lambda s: (s.project, s.name))
        if containers:
            cluster = Cluster("standalone", "containers without Compose (docker run)", kind="standalone")
            for svc in containers:
                nid = node_id("c", svc.project, svc.name)
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
            cluster.nodes.append(Node(hub, _show(name), "hub"))
            for nid in nids:
                self.edges.add(Edge(nid, hub, "", "member"))
        for cluster in nets.values():
            cluster.nodes.sort(key=lambda n: (n.kind != "hub", n.id))
        return [nets[k] for k in sorted(nets)], loose

    def _service_edges(self, svc: Any, project: Any, nid: str) -> None:
        for host, address in sorted(getattr(svc, "extra_hosts", ()) or ()):
            if str(address).strip().lower() == self.gateway_value:
                self.need_host = True
                self.edges.add(Edge(nid, DOCKER_HOST, _show(f"extra_hosts {host}"), "gateway"))
        mode = (getattr(svc, "network_mode", None) or "").strip()
        if mode == "host":
            self.need_host = True
            self.edges.add(Edge(nid, DOCKER_HOST, "network_mode: host", "shares"))
        elif mode.startswith(("service:", "container:")):
            other = mode.split(":", 1)[1]
            for target in self._named(other, project, svc.project, containers_too=True):
                if target != nid:
                    self.edges.add(Edge(nid, target, _show(f"network_mode: {mode}"), "shares"))

    # -- connect targets ---------------------------------------------------------------
    def _runners(self, ep: Endpoint) -> list[tuple[Any, str]]:
        out: list[tuple[Any, str]] = []
        if ep.services:
            wanted = set(ep.services)
            for svc, _project, nid in sorted((e for name in wanted for e in self._by_service.get(name, ())),
                                            key=lambda e: self._order[e[2]]):
                if ep.project is None or svc.project == ep.project:
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
        host = _clean_host(host)
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
            self.externals[ext] = Node(ext, _show(host if key != "?" else "unknown host (…)"), "external")
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
        active = {f.code for f in findings if not f.suppressed}
        ignored = {f.code for f in findings if f.suppressed} - active
        if not runners:
            fid = node_id("file", ep.span.path)
            pairs = [(fid, self._target(ep.host, _NoService(), fid, keep_unknown=bool(active)), True)]
        else:
            pairs = [(nid, self._target(ep.host, svc, nid, keep_unknown=bool(active)), False) for svc, nid in runners]
        for source, target, is_file in pairs:
            if target is None:
                continue
            if is_file:
                self.files.setdefault(source, Node(source, _show(f"{ep.span.path} (no container)"), "file"))
            edge = self.agg.setdefault((source, target), {
                "active": set(), "ignored": set(), "texts": [], "origins": [], "fallback": True})
            edge["active"] |= active
            edge["ignored"] |= ignored
            text = _hostport(ep.host, ep.port)
            if text not in edge["texts"]:
                edge["texts"].append(text)
            origin = f"{ep.span.path}:{ep.span.line}"
            if origin not in edge["origins"]:
                edge["origins"].append(origin)
            # a fallback (the value an unset variable falls back to) that no rule flags is drawn
            # dashed: the container may never use it
            edge["fallback"] = edge["fallback"] and bool(getattr(ep, "fallback_for", None))

    def _edges_from_connects(self) -> None:
        """One edge per (service, target): its codes, the addresses, and where they are written."""
        for (source, target), e in self.agg.items():
            active = sorted(e["active"])
            ignored = sorted(e["ignored"] - e["active"])
            shown = ", ".join(e["texts"][:3]) + (f" +{len(e['texts']) - 3}" if len(e["texts"]) > 3 else "")
            origins = ", ".join(e["origins"][:3]) + (f" +{len(e['origins']) - 3} more" if len(e["origins"]) > 3 else "")
            label = f"{', '.join(active)} {shown}" if active else shown
            if ignored and not active:
                label += f" ({', '.join(ignored)} ignored)"
            label = _show(f"{label}\n{origins}")
            style = "brittle" if active else ("fallback" if e["fallback"] else "connect")
            self.edges.add(Edge(source, target, label, style, tuple(active)))


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


# --------------------------------------------------------------------------- Mermaid


def mermaid_text(text: str) -> str:
    """A label for a quoted Mermaid string: entity codes for the syntax characters, <br/> lines."""
    out = []
    for ch in text:
        if ch in '#"<>&|`':
            out.append(f"#{ord(ch)};")
        elif ch == "\n":
            out.append("<br/>")
        elif ch == "\r" or ord(ch) < 32:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


_MERMAID_SHAPES = {
    "service": ('["', '"]'),
    "hub": ('{{"', '"}}'),
    "host": ('[("', '")]'),
    "external": ('(["', '"])'),
    "file": ('[/"', '"/]'),
    "empty": ('["', '"]'),
}


def _mermaid(graph: Graph) -> str:
    lines = ["flowchart LR"]
    classes: dict[str, list[str]] = {}

    def node(n: Node, indent: str) -> None:
        left, right = _MERMAID_SHAPES.get(n.kind, ('["', '"]'))
        lines.append(f"{indent}{n.id}{left}{mermaid_text(n.label)}{right}")
        if n.kind in ("host", "external", "hub", "file"):
            classes.setdefault(n.kind, []).append(n.id)

    def cluster(c: Cluster, indent: str) -> None:
        lines.append(f'{indent}subgraph {c.id}["{mermaid_text(c.label)}"]')
        for sub in c.clusters:
            cluster(sub, indent + "  ")
        for n in c.nodes:
            node(n, indent + "  ")
        lines.append(f"{indent}end")

    for c in graph.clusters:
        cluster(c, "  ")
    for n in graph.nodes:
        node(n, "  ")
    styles: dict[str, list[int]] = {}
    for i, e in enumerate(graph.edges):
        arrow = {"member": "-.-", "brittle": "-.->", "fallback": "-.->", "gateway": "-.->", "shares": "-.-"}.get(e.style, "-->")
        label = f'|"{mermaid_text(e.label)}"|' if e.label else ""
        lines.append(f"  {e.source} {arrow}{label} {e.target}")
        styles.setdefault(e.style, []).append(i)
    class_defs = {
        "file": "fill:#fffbe6,stroke:#aa8",
        "host": "fill:#eef,stroke:#336",
        "hub": "fill:#fff,stroke:#999",
        "external": "fill:#f6f6f6,stroke:#888,stroke-dasharray:3 3",
    }
    for kind in sorted(classes):
        lines.append(f"  classDef {kind} {class_defs[kind]}")
        lines.append(f"  class {','.join(classes[kind])} {kind}")
    link_style = {
        "brittle": "stroke:#d00,stroke-width:2px,color:#d00",
        "fallback": "stroke:#888,stroke-dasharray:4 4",
        "member": "stroke:#999",
        "gateway": "stroke:#336",
    }
    for style in sorted(styles):
        if style in link_style:
            lines.append(f"  linkStyle {','.join(map(str, styles[style]))} {link_style[style]}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- DOT


def dot_text(text: str) -> str:
    """A double-quoted DOT string body; newlines become centred line breaks."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r" or ord(ch) < 32:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


_DOT_SHAPES = {
    "service": 'shape=box, style="rounded"',
    "hub": 'shape=hexagon, fontsize=9, color="#999999"',
    "host": 'shape=box3d, style=filled, fillcolor="#eeeeff"',
    "external": 'shape=ellipse, style=dashed',
    "file": 'shape=note, style=filled, fillcolor="#fffbe6"',
    "empty": 'shape=plaintext',
}

_DOT_EDGES = {
    "connect": "",
    "brittle": 'color="#dd0000", fontcolor="#dd0000", style=dashed, penwidth=2',
    "fallback": 'style=dashed, color="#888888"',
    "member": 'dir=none, style=dotted, color="#999999"',
    "gateway": 'style=dashed, color="#333366"',
    "shares": 'dir=none, style=dashed',
}


def _dot(graph: Graph) -> str:
    lines = [
        "digraph dockwise {",
        '  graph [rankdir=LR, fontname="Helvetica", compound=true];',
        '  node [fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]

    def node(n: Node, indent: str) -> None:
        lines.append(f'{indent}{n.id} [label="{dot_text(n.label)}", {_DOT_SHAPES.get(n.kind, "shape=box")}];')

    def cluster(c: Cluster, indent: str) -> None:
        lines.append(f"{indent}subgraph cluster_{c.id} {{")
        lines.append(f'{indent}  label="{dot_text(c.label)}";')
        lines.append(f"{indent}  style={'solid' if c.kind == 'project' else 'rounded'};")
        for sub in c.clusters:
            cluster(sub, indent + "  ")
        for n in c.nodes:
            node(n, indent + "  ")
        lines.append(f"{indent}}}")

    for c in graph.clusters:
        cluster(c, "  ")
    for n in graph.nodes:
        node(n, "  ")
    for e in graph.edges:
        attrs = [f'label="{dot_text(e.label)}"'] if e.label else []
        if _DOT_EDGES.get(e.style):
            attrs.append(_DOT_EDGES[e.style])
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {e.source} -> {e.target}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- JSON


def _json(result: RunResult, graph: Graph) -> str:
    """The layout as data: every service with what its container runs (entry points and
    modules), the graph's nodes and edges, and the findings."""
    runs = getattr(result, "runs", None)
    services = []
    for r in (runs.services if runs is not None else ()):
        svc = r.service
        services.append({
            "project": svc.project,
            "name": svc.name or None,
            "implicit": svc.implicit,
            "dockerfile": svc.dockerfile,
            "runs": r.mode,
            "reason": r.reason or None,
            "entry_points": [_show(e) for e in r.entry_points()],
            "modules": list(r.modules),
        })
    nodes = []

    def add(n: Node, cluster: str | None) -> None:
        nodes.append({"id": n.id, "label": n.label, "kind": n.kind, "cluster": cluster})

    def walk(c: Cluster) -> None:
        for sub in c.clusters:
            walk(sub)
        for n in c.nodes:
            add(n, c.id)

    for c in graph.clusters:
        walk(c)
    for n in graph.nodes:
        add(n, None)
    doc = {
        "version": 1,
        "services": services,
        "nodes": nodes,
        "edges": [{"source": e.source, "target": e.target, "label": e.label, "style": e.style, "codes": list(e.codes)}
                  for e in graph.edges],
        "findings": [{"path": f.span.path, "line": f.span.line, "column": f.span.column, "code": f.code,
                      "services": list(f.services), "message": _show(f.message)}
                     for f in result.findings if not f.suppressed],
    }
    return json.dumps(doc, indent=2, sort_keys=False) + "\n"


def render(result: RunResult, fmt: str = "mermaid") -> str:
    graph = build(result)
    if fmt == "dot":
        return _dot(graph)
    if fmt == "mermaid":
        return _mermaid(graph)
    if fmt == "json":
        return _json(result, graph)
    raise ValueError(f"unknown graph format {fmt!r} (mermaid, dot or json)")


__all__ = ["render", "build", "node_id", "mermaid_text", "dot_text", "Graph", "Edge", "Node", "Cluster"]
