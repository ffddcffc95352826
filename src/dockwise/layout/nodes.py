"""Typed values read out of loaded Compose YAML nodes (a scalar's string or its
:class:`Text`, a string-or-list), and the :class:`FileError` for a node that does not fit."""
from __future__ import annotations

from dockwise.layout.yaml_nodes import YNode, YScalar, YSeq
from dockwise.model import FileError, Text


def node_error(errors: list[FileError], node: YNode | None, message: str, kind: str = "problem") -> None:
    """``kind`` "warning": the input is valid (Compose reads it right) but other readers may not."""
    span = node.span if node is not None else None
    if span is not None:
        errors.append(FileError(span.path, message, span.line, span.column, kind))
    else:
        errors.append(FileError("", message, kind=kind))


def scalar_str(node: YNode | None) -> str | None:
    if not isinstance(node, YScalar) or node.value is None:
        return None
    if isinstance(node.value, str):
        return node.value
    return node.text.value or str(node.value)


def scalar_text(node: YNode | None) -> Text | None:
    if not isinstance(node, YScalar) or node.value is None:
        return None
    if isinstance(node.value, str):
        return node.text
    return node.text if node.text.value else Text(str(node.value))


def str_list(node: YNode | None) -> list[YScalar]:
    if isinstance(node, YScalar) and node.value is not None:
        return [node]
    if isinstance(node, YSeq):
        return [x for x in node.items if isinstance(x, YScalar) and x.value is not None]
    return []
