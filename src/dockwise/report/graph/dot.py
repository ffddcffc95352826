"""The graph in Graphviz DOT (labels escaped for double-quoted DOT strings)."""
from __future__ import annotations

from dockwise.report.graph.model import Cluster, Graph, Node


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


def dot(graph: Graph) -> str:
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
