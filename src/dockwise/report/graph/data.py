"""The graph as JSON data: the services with what their containers run, the graph's nodes
and edges, and the findings."""
from __future__ import annotations

import json

from dockwise.model import RunResult
from dockwise.report.graph.model import Cluster, Graph, Node, show


def as_json(result: RunResult, graph: Graph) -> str:
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
            "entry_points": [show(e) for e in r.entry_points()],
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
                      "services": list(f.services), "message": show(f.message)}
                     for f in result.findings if not f.suppressed],
    }
    return json.dumps(doc, indent=2, sort_keys=False) + "\n"
