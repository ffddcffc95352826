"""Merge located Compose trees as ``docker compose -f a -f b`` does.

The rules of compose-spec 13-merge.md, ``!reset`` / ``!override`` included: mappings merge
key by key, ``command``/``entrypoint`` are replaced, environment-like attributes merge by
name (their mapping and ``K=V`` list forms mixed), and ports, volumes and other unique
sequences keep one entry per key. A null value adds nothing (the earlier file's stays), except
for the replaced attributes, which it resets.
"""
from __future__ import annotations

from typing import Any, Callable

from dockwise.layout.yaml_nodes import YMap, YNode, YScalar, YSeq
from dockwise.model import Span, Text

__all__ = ["merge_nodes", "keyed_entries", "strip_resets"]


# service attributes replaced rather than merged
_REPLACED = {"command", "entrypoint"}
# service attributes merged as name -> value mappings (list "K=V" entries normalised)
_KEYED_MAPS = {"environment", "labels", "annotations", "sysctls"}
# service sequences whose entries are unique (appended unless already present)
_UNIQUE_SEQS = {
    "expose", "dns", "dns_search", "dns_opt", "profiles", "links", "external_links", "cap_add", "cap_drop",
    "security_opt", "group_add", "devices", "tmpfs", "env_file", "label_file", "volumes_from", "secrets", "configs",
}


def strip_resets(node: YNode | None) -> YNode | None:
    """``node`` without ``!reset`` entries (a value added without anything to reset)."""
    if node is None or node.tag == "!reset":
        return None
    if isinstance(node, YMap):
        if not any(v.tag == "!reset" or isinstance(v, (YMap, YSeq)) for v in node.items.values()):
            return node
        items: dict[str, YNode] = {}
        for k, v in node.items.items():
            s = strip_resets(v)
            if s is not None:
                items[k] = s
        return YMap(items, {k: node.keys.get(k) for k in items}, node.span, node.tag, node.base)
    if isinstance(node, YSeq):
        if not any(v.tag == "!reset" or isinstance(v, (YMap, YSeq)) for v in node.items):
            return node
        return YSeq([s for s in (strip_resets(v) for v in node.items) if s is not None], node.span, node.tag, node.base)
    return node


def _entry_key(node: YNode) -> str | None:
    if isinstance(node, YScalar) and node.value is not None:
        return str(node.value)
    return None


def _kv_items(node: YNode) -> tuple[list[tuple[str, YNode]], bool] | None:
    """A mapping or a list of "K=V" / "K" entries as (key, node) pairs; None if neither."""
    if isinstance(node, YMap):
        return list(node.items.items()), True
    if isinstance(node, YSeq):
        out: list[tuple[str, YNode]] = []
        for item in node.items:
            if isinstance(item, _KeyedValue):
                out.append((item.key, item))
            elif isinstance(item, YScalar) and item.value is not None:
                s = str(item.value)
                out.append((s.split("=", 1)[0].strip(), item))
            else:
                out.append(("", item))
        return out, False
    return None


def _merge_keyed(base: YNode, over: YNode) -> YNode:
    a, b = _kv_items(base), _kv_items(over)
    if a is None or b is None:
        return over
    pairs_a, map_a = a
    pairs_b, map_b = b
    if map_a and map_b:
        return _merge_map(base, over, ("_",))
    # a list is involved: one entry per key, later wins
    merged: dict[str, YNode] = {}
    anon: list[YNode] = []
    for source, pairs in ((base, pairs_a), (over, pairs_b)):
        for key, node in pairs:
            if node.tag == "!reset":
                merged.pop(key, None)
                continue
            if not key:
                anon.append(node)
                continue
            if isinstance(source, YMap):  # (the pairs came from a mapping)
                node = _KeyedValue(key, node, source.keys.get(key))
            merged.pop(key, None)
            merged[key] = node
    items = [n for n in merged.values() if n is not None] + anon
    return YSeq(items, over.span, None, over.base)


class _KeyedValue(YNode):
    """A ``KEY: value`` mapping entry moved into a list by a map/list merge."""

    __slots__ = ("key", "node", "key_span")

    def __init__(self, key: str, node: YNode, key_span: Span | None = None) -> None:
        super().__init__(node.span, None, node.base)
        self.key = key
        self.node = node
        self.key_span = key_span


def keyed_entries(node: YNode | None) -> list[tuple[str, YNode | None, Span | None, bool]]:
    """Entries of an environment-like attribute as (name, node, name span, list_entry).

    Handles the mapping form (``node`` is the value), the list form (``list_entry`` True:
    ``node`` is the whole "K=V" / "K" scalar) and mixtures left by merging both forms.
    """
    out: list[tuple[str, YNode | None, Span | None, bool]] = []
    if isinstance(node, YMap):
        for k, v in node.items.items():
            out.append((k, v, node.keys.get(k), False))
    elif isinstance(node, YSeq):
        for item in node.items:
            if isinstance(item, _KeyedValue):
                out.append((item.key, item.node, item.key_span, False))
            elif isinstance(item, YScalar) and item.value is not None:
                out.append((str(item.value).split("=", 1)[0].strip(), item, None, True))
            else:
                out.append(("", item, None, True))
    return out


def _port_key(node: YNode) -> str:
    if isinstance(node, YScalar):
        return f"s:{node.value}"
    if isinstance(node, YMap):
        parts = []
        for k in ("host_ip", "target", "published", "protocol"):
            v = node.items.get(k)
            parts.append(str(v.value) if isinstance(v, YScalar) else "")
        return "m:" + "|".join(parts)
    return f"o:{id(node)}"


def _volume_key(node: YNode) -> str:
    if isinstance(node, YScalar) and isinstance(node.value, str):
        parts = node.value.split(":")
        if len(parts) >= 2 and len(parts[0]) == 1 and parts[0].isalpha() and parts[1].startswith(("\\", "/")):
            parts = [parts[0] + ":" + parts[1]] + parts[2:]  # C:\path
        return "t:" + (parts[1] if len(parts) >= 2 else parts[0])
    if isinstance(node, YMap):
        t = node.items.get("target")
        if isinstance(t, YScalar):
            return f"t:{t.value}"
    return f"o:{id(node)}"


def _merge_unique(base: YSeq, over: YSeq, keyfn: Callable[[YNode], str | None]) -> YSeq:
    merged: dict[Any, YNode] = {}
    for node in base.items + over.items:
        if node.tag == "!reset":
            continue
        key = keyfn(node)
        merged[key if key is not None else ("id", id(node))] = node
    return YSeq(list(merged.values()), over.span, None, over.base)


def _normalise_map(node: YNode) -> YNode:
    """A list of names (service ``networks``, ``depends_on``) as a mapping of name -> null."""
    if isinstance(node, YSeq):
        items: dict[str, YNode] = {}
        keys: dict[str, Span | None] = {}
        for item in node.items:
            if isinstance(item, YScalar) and item.value is not None:
                k = str(item.value)
                items[k] = YScalar(None, Text(""), item.span, None, item.base)
                keys[k] = item.span
        return YMap(items, keys, node.span, node.tag, node.base)
    return node


def _normalise_extra_hosts(node: YNode) -> YNode:
    if isinstance(node, YSeq):
        items: dict[str, YNode] = {}
        keys: dict[str, Span | None] = {}
        for item in node.items:
            if isinstance(item, YScalar) and isinstance(item.value, str):
                s = item.value
                cut = s.find("=")
                if cut < 0:
                    cut = s.find(":")
                k = s[:cut] if cut >= 0 else s
                items[k] = item
                keys[k] = item.span
        return YMap(items, keys, node.span, node.tag, node.base)
    return node


def _replaced(path: tuple[str, ...]) -> bool:
    """Whether the value at ``path`` is replaced, not merged (a null one then resets it): the
    replaced attributes, and the entries of environment-like mappings (``A:`` there is a name
    without a value, which wins over the earlier ``A: "1"``)."""
    if path[:1] == ("_",):  # an entry of a keyed mapping (_merge_keyed)
        return True
    if len(path) == 3 and path[0] == "services":
        return path[2] in _REPLACED
    return len(path) == 4 and path[0] == "services" and path[2:] == ("healthcheck", "test")


def merge_nodes(base: YNode | None, over: YNode | None, path: tuple[str, ...] = ()) -> YNode | None:
    """Merge ``over`` onto ``base`` following the Compose merge rules (None: removed)."""
    if over is None:
        return base
    if over.tag == "!reset":
        return None
    if base is None or over.tag == "!override":
        return strip_resets(over)
    if isinstance(over, YScalar) and over.value is None and not _replaced(path):
        # a null value leaves the earlier file's one in place (compose-go's MergeYaml): a
        # service declared empty in an overlay (`db:`) keeps its image, networks, ports
        return base
    depth = len(path)
    key = path[-1] if path else ""
    in_service = depth == 3 and path[0] == "services"
    if key.startswith("x-"):
        return strip_resets(over)
    if in_service:
        if key in _REPLACED:
            return strip_resets(over)
        if key in _KEYED_MAPS:
            return _merge_keyed(base, over)
        if key == "extra_hosts":
            return _merge_map(_normalise_extra_hosts(base), _normalise_extra_hosts(over), path)
        if key in ("networks", "depends_on"):
            return _merge_map(_normalise_map(base), _normalise_map(over), path)
        if key == "build":
            if isinstance(base, YScalar):
                base = _build_map(base)
            if isinstance(over, YScalar):
                over = _build_map(over)
        if key == "ports" and isinstance(base, YSeq) and isinstance(over, YSeq):
            return _merge_unique(base, over, _port_key)
        if key == "volumes" and isinstance(base, YSeq) and isinstance(over, YSeq):
            return _merge_unique(base, over, _volume_key)
        if key in _UNIQUE_SEQS and isinstance(base, YSeq) and isinstance(over, YSeq):
            return _merge_unique(base, over, _entry_key)
    if depth == 4 and path[0] == "services" and path[2] == "healthcheck" and key == "test":
        return strip_resets(over)
    if depth == 4 and path[0] == "services" and path[2] == "build" and key in ("args", "labels"):
        return _merge_keyed(base, over)
    if depth == 5 and path[0] == "services" and path[2] == "networks" and key == "aliases":
        if isinstance(base, YSeq) and isinstance(over, YSeq):
            return _merge_unique(base, over, _entry_key)
    if isinstance(base, YMap) and isinstance(over, YMap):
        return _merge_map(base, over, path)
    if isinstance(base, YSeq) and isinstance(over, YSeq):
        stripped = strip_resets(over)
        assert isinstance(stripped, YSeq)
        return YSeq(base.items + stripped.items, over.span, None, over.base)
    return strip_resets(over)


def _build_map(node: YScalar) -> YMap:
    return YMap({"context": node}, {"context": node.span}, node.span, None, node.base)


def _merge_map(base: YNode, over: YNode, path: tuple[str, ...]) -> YNode:
    if not isinstance(base, YMap) or not isinstance(over, YMap):
        return strip_resets(over) or over
    items = dict(base.items)
    keys = dict(base.keys)
    for k, v in over.items.items():
        merged = merge_nodes(items.get(k), v, path + (k,))
        if merged is None:
            items.pop(k, None)
            keys.pop(k, None)
        else:
            items[k] = merged
            if k not in keys or k in over.keys:
                keys[k] = over.keys.get(k, keys.get(k))
    return YMap(items, keys, over.span, None, over.base)
