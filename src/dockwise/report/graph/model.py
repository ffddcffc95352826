"""The graph's data: clusters (projects, networks) holding nodes, the edges between them,
the sanitised node ids and the text helpers every label goes through (redacted, never
with user info)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from dockwise.model import HOLE
from dockwise.report import safe

_ID_BAD = re.compile(r"[^A-Za-z0-9_]")


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


def node_id(*parts: str) -> str:
    """A Mermaid- and DOT-safe identifier; a short hash keeps sanitised names distinct."""
    raw = "/".join(parts)
    clean = "_".join(_ID_BAD.sub("_", p) or "_" for p in parts)
    if _ID_BAD.search("".join(parts)) or any(not p for p in parts):
        clean += "_" + hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return clean


def show(text: str) -> str:
    return safe(str(text).replace(HOLE, "…"))


def clean_host(host: str) -> str:
    """A host as shown: never with user info (a host text holding '@' is cut after it)."""
    host = str(host or "")
    if "@" in host:
        host = host.rsplit("@", 1)[1]
    return host


def hostport(host: str, port: int | None) -> str:
    host = clean_host(host)
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"{shown}:{port}" if port is not None else shown
