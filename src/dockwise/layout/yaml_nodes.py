"""The located YAML tree: mappings, sequences and scalars that know where they are written.

Built by :func:`dockwise.layout.yaml_load.parse_yaml`, interpolated and merged by the
Compose loader (:mod:`dockwise.layout.compose`), read by the layout.
"""
from __future__ import annotations

from typing import Any

from dockwise.model import Span, Text

__all__ = ["YNode", "YScalar", "YSeq", "YMap"]


class YNode:
    """A located YAML node (after alias expansion and merge keys)."""

    __slots__ = ("span", "tag", "base")

    def __init__(self, span: Span | None, tag: str | None, base: str) -> None:
        self.span = span
        self.tag = tag  # "!reset" / "!override" / explicit tags; None when implicit
        self.base = base  # project-relative directory relative paths in this node resolve against


class YScalar(YNode):
    __slots__ = ("value", "text", "style", "sexagesimal")

    def __init__(
        self,
        value: Any,
        text: Text,
        span: Span | None,
        tag: str | None = None,
        base: str = "",
        style: str | None = None,
        sexagesimal: bool = False,
    ) -> None:
        super().__init__(span, tag, base)
        self.value = value  # str | int | float | bool | None (strings interpolated)
        self.text = text  # the value as located text (plain non-strings: the source text)
        self.style = style  # None (plain), "'", '"', "|", ">"
        self.sexagesimal = sexagesimal  # plain scalar that YAML 1.1 reads as a base-60 number

    @property
    def plain(self) -> bool:
        return self.style is None

    def __repr__(self) -> str:
        return f"YScalar({self.value!r})"


class YSeq(YNode):
    __slots__ = ("items",)

    def __init__(self, items: list[YNode], span: Span | None, tag: str | None = None, base: str = "") -> None:
        super().__init__(span, tag, base)
        self.items = items

    def __repr__(self) -> str:
        return f"YSeq({self.items!r})"


class YMap(YNode):
    __slots__ = ("items", "keys")

    def __init__(
        self,
        items: dict[str, YNode],
        keys: dict[str, Span | None],
        span: Span | None,
        tag: str | None = None,
        base: str = "",
    ) -> None:
        super().__init__(span, tag, base)
        self.items = items
        self.keys = keys  # key -> the key's span

    def get(self, key: str) -> YNode | None:
        return self.items.get(key)

    def __repr__(self) -> str:
        return f"YMap({self.items!r})"
