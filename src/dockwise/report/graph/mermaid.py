"""The graph as a Mermaid flowchart (labels escaped for quoted Mermaid strings)."""
from __future__ import annotations

from dockwise.report.graph.model import Cluster, Graph, Node


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


def mermaid(graph: Graph) -> str:
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
