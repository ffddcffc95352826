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

The package's one public entry point is :func:`render` (here, so that callers write
``report.graph.render``); the model, the building and each format are its modules.
"""
from __future__ import annotations

from dockwise.model import RunResult
from dockwise.report.graph.builder import build
from dockwise.report.graph.data import as_json
from dockwise.report.graph.dot import dot
from dockwise.report.graph.mermaid import mermaid


def render(result: RunResult, fmt: str = "mermaid") -> str:
    graph = build(result)
    if fmt == "dot":
        return dot(graph)
    if fmt == "mermaid":
        return mermaid(graph)
    if fmt == "json":
        return as_json(result, graph)
    raise ValueError(f"unknown graph format {fmt!r} (mermaid, dot or json)")


__all__ = ["render"]
