"""Parse YAML into located trees (:mod:`dockwise.layout.yaml_nodes`), safely and with bounds.

Parsed with PyYAML's *event* API (libyaml when available, safe parsing only: no tag ever
builds a Python object) and composed by our own iterative composer, so that

- every scalar keeps its file/line/column and becomes a located :class:`Text` (plain,
  single- and double-quoted scalars -- pieces break at escapes -- and block scalars, one
  piece per line);
- a value reached through an alias (``*x`` or a merge key ``<<: *x``) keeps the anchor's
  location (one finding at the anchor line for every service using it);
- hostile input is bounded: nesting deeper than ``MAX_DEPTH`` levels and documents that
  expand (aliases included) to more than ``MAX_NODES`` nodes ("billion laughs") are
  refused with an error before anything is expanded; recursive aliases are undefined;
- plain scalars follow YAML 1.2's core schema (what ``docker compose`` uses): ``22:22`` is
  the string "22:22", never YAML 1.1's base-60 number; the scalar is marked
  ``sexagesimal`` so that the layout can warn about it where it matters (ports);
- duplicate keys: an error entry at the later key (``docker compose`` refuses such a
  file), and the later value is used so the rest of the file is still analysed.

Nothing here raises: every problem becomes a :class:`~dockwise.model.FileError`.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Iterator, Sequence

import yaml

from dockwise.layout.yaml_nodes import YMap, YNode, YScalar, YSeq
from dockwise.model import FileError, Piece, Span, Text

__all__ = ["MAX_DEPTH", "MAX_NODES", "MAX_FILE_CHARS", "parse_yaml", "is_sexagesimal"]

MAX_DEPTH = 64  # nesting levels (aliases included); Compose files use fewer than 10
MAX_NODES = 100_000  # nodes of one document after alias expansion
MAX_FILE_CHARS = 5_000_000

_BREAKS = "\r\n\x85\u2028\u2029"
_BREAK_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _pieces(locs: Sequence[tuple[int, int] | None], path: str) -> tuple[Piece, ...]:
    """Pieces from per-character 0-based (line, column) locations (None: not located)."""
    pieces: list[Piece] = []
    start = None
    prev: tuple[int, int] | None = None
    for i, loc in enumerate(locs):
        if loc is not None and prev is not None and start is not None and loc[0] == prev[0] and loc[1] == prev[1] + 1:
            prev = loc
            continue
        if start is not None and prev is not None:
            first = locs[start]
            pieces.append(Piece(start, i, path, first[0] + 1, first[1] + 1))  # type: ignore[index]  # start is a located character
        if loc is not None:
            start, prev = i, loc
        else:
            start, prev = None, None
    if start is not None:
        first = locs[start]
        pieces.append(Piece(start, len(locs), path, first[0] + 1, first[1] + 1))  # type: ignore[index]  # start is a located character
    return tuple(pieces)


class _Source:
    """A decoded file with its line starts (YAML line breaks)."""

    __slots__ = ("text", "path", "starts")

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.starts = [0] + [m.end() for m in _BREAK_RE.finditer(text)]

    def offset(self, line: int, column: int) -> int:
        if line >= len(self.starts):
            return len(self.text)
        return min(self.starts[line] + column, len(self.text))

    def span(self, sm: Any, em: Any) -> Span:
        return Span(self.path, sm.line + 1, sm.column + 1, em.line + 1, em.column + 1)


def _locate_scalar(src: _Source, value: str, sm: Any, em: Any, style: str | None) -> Text:
    """The located Text of a scalar's value, aligning it with its source text."""
    if not value:
        return Text("")
    start = src.offset(sm.line, sm.column)
    end = src.offset(em.line, em.column)
    region = src.text[start:end]
    style = style or None
    # fast paths: single-line plain or quoted scalars written verbatim
    if sm.line == em.line:
        if style is None and region == value:
            return Text(value, (Piece(0, len(value), src.path, sm.line + 1, sm.column + 1),))
        if style in ("'", '"') and region[1:-1] == value and "\\" not in region and (style == '"' or "''" not in region):
            return Text(value, (Piece(0, len(value), src.path, sm.line + 1, sm.column + 2),))
    locs: list[tuple[int, int] | None] = [None] * len(value)
    line, col = sm.line, sm.column
    r, m = 0, len(region)

    def adv(k: int) -> None:
        nonlocal r, line, col
        for _ in range(k):
            if r >= m:
                return
            ch = region[r]
            if ch == "\r" and r + 1 < m and region[r + 1] == "\n":
                r += 2
                line, col = line + 1, 0
            elif ch in _BREAKS:
                r += 1
                line, col = line + 1, 0
            else:
                r += 1
                col += 1

    if style in ("'", '"'):
        adv(1)
    elif style in ("|", ">"):
        while r < m and region[r] not in _BREAKS:
            adv(1)
        adv(1)
    i, n = 0, len(value)
    while i < n and r < m:
        c, rc = value[i], region[r]
        if style == '"' and rc == "\\":
            nxt = region[r + 1] if r + 1 < m else ""
            if nxt and nxt in _BREAKS:
                adv(2)  # an escaped line break produces nothing
                continue
            adv(2 + {"x": 2, "u": 4, "U": 8}.get(nxt, 0))
            i += 1  # the escaped character is not located
            continue
        if rc == c and rc not in _BREAKS:
            locs[i] = (line, col)
            i += 1
            adv(1)
        elif c in " \t\n" and rc in _BREAKS:
            i += 1  # a folded / literal line break
            adv(1)
        elif rc in " \t" or rc in _BREAKS or (style == "'" and rc == "'"):
            adv(1)  # indentation, trailing blanks, the second quote of ''
        else:
            break  # cannot align any further: leave the rest unlocated
    return Text(value, _pieces(locs, src.path))


# raw nodes from the event stream (aliases shared, sizes known)


class _Raw:
    __slots__ = ("kind", "tag", "value", "style", "sm", "em", "items", "size", "height")

    def __init__(self, kind: str, tag: Any, sm: Any, value: Any = None, style: Any = None) -> None:
        self.kind = kind  # "scalar" | "seq" | "map"
        self.tag = tag
        self.value = value
        self.style = style
        self.sm = sm
        self.em = sm
        self.items: list[_Raw] = []
        self.size = 1
        self.height = 1


class _Refused(Exception):
    def __init__(self, message: str, mark: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


def _loader() -> Any:
    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def _events(text: str) -> Iterator[Any]:
    loader = _loader()(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


@functools.lru_cache(maxsize=64)
def _compose_raw_shared(text: str) -> tuple[_Raw, ...]:
    """:func:`_compose_raw`, once per text: a platform's base Compose file is loaded by each
    project that includes it (with its override, its prod variant...).  Raw nodes are
    only read after they are composed."""
    return tuple(_compose_raw(text))


def _compose_raw(text: str) -> list[_Raw]:
    """Documents of ``text`` as raw nodes; raises yaml.YAMLError or _Refused."""
    docs: list[_Raw] = []
    stack: list[_Raw] = []
    anchors: dict[str, _Raw] = {}
    total = 0

    def add(node: _Raw) -> None:
        nonlocal total
        if stack:
            parent = stack[-1]
            parent.items.append(node)
        else:
            docs.append(node)
            total = 0

    for ev in _events(text):
        cls = type(ev)
        if cls is yaml.ScalarEvent:
            node = _Raw("scalar", ev.tag, ev.start_mark, ev.value, ev.style)
            node.em = ev.end_mark
            if ev.anchor:
                anchors[ev.anchor] = node
            add(node)
        elif cls is yaml.SequenceStartEvent or cls is yaml.MappingStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise _Refused(f"nesting deeper than {MAX_DEPTH} levels: refused", ev.start_mark)
            node = _Raw("seq" if cls is yaml.SequenceStartEvent else "map", ev.tag, ev.start_mark)
            node.value = ev.anchor
            stack.append(node)
        elif cls is yaml.SequenceEndEvent or cls is yaml.MappingEndEvent:
            node = stack.pop()
            node.em = ev.end_mark
            size, height = 1, 1
            for child in node.items:
                size += child.size
                if child.height >= height:
                    height = child.height + 1
            node.size, node.height = size, height
            if size > MAX_NODES:
                raise _Refused(
                    f"the document expands to more than {MAX_NODES} nodes (an alias bomb?): refused", node.sm
                )
            if height > MAX_DEPTH:
                raise _Refused(f"nesting deeper than {MAX_DEPTH} levels (through aliases): refused", node.sm)
            if node.value:
                anchors[node.value] = node  # registered when complete: no recursive aliases
            node.value = None
            add(node)
        elif cls is yaml.AliasEvent:
            target = anchors.get(ev.anchor)
            if target is None:
                raise _Refused(f"unknown or recursive alias *{ev.anchor}", ev.start_mark)
            add(target)
    return docs


_INT_RE = re.compile(r"[-+]?[0-9]+")
_OCT_RE = re.compile(r"0o[0-7]+")
_HEX_RE = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SEXAGESIMAL_RE = re.compile(r"[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_CORE = "tag:yaml.org,2002:"


def is_sexagesimal(value: str) -> bool:
    """True for a plain scalar YAML 1.1 reads as a base-60 integer (``22:22`` -> 1342)."""
    return bool(_SEXAGESIMAL_RE.fullmatch(value))


def _resolve_plain(value: str) -> Any:
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT_RE.fullmatch(value):
        return int(value)
    if _OCT_RE.fullmatch(value):
        return int(value[2:], 8)
    if _HEX_RE.fullmatch(value):
        return int(value[2:], 16)
    if _FLOAT_RE.fullmatch(value):
        try:
            return float(value)
        except ValueError:  # pragma: no cover
            return value
    low = value.lower()
    if low in (".inf", "+.inf"):
        return float("inf")
    if low == "-.inf":
        return float("-inf")
    if low == ".nan":
        return float("nan")
    return value


def _resolve_tagged(value: str, tag: str) -> Any:
    kind = tag[len(_CORE):] if tag.startswith(_CORE) else tag.lstrip("!")
    try:
        if kind == "str":
            return value
        if kind == "int":
            return int(value, 0) if value[:2].lower() in ("0x", "0o", "0b") else int(value)
        if kind == "float":
            return float(value)
        if kind == "bool":
            return value.lower() in ("true", "yes", "on", "y")
        if kind == "null":
            return None
    except ValueError:
        return value
    return value


class _Constructor:
    def __init__(self, src: _Source, base: str, errors: list[FileError]) -> None:
        self.src = src
        self.base = base
        self.errors = errors

    def error(self, message: str, mark: Any) -> None:
        self.errors.append(FileError(self.src.path, message, mark.line + 1 if mark else None, mark.column + 1 if mark else None))

    def build(self, raw: _Raw) -> YNode:
        tag = raw.tag if raw.tag not in (None, "!") else None
        span = self.src.span(raw.sm, raw.em)
        if tag is not None and tag.startswith(_CORE + "python/"):
            # a PyYAML object tag: never constructed (safe parsing only: the node stays plain
            # data), and never valid Compose
            shown = "!!" + tag[len(_CORE):]
            self.error(f"YAML tag {shown} is not allowed (nothing is constructed or run)", raw.sm)
        if raw.kind == "scalar":
            value_s: str = raw.value
            style = raw.style or None
            if tag in ("!reset", "!override") or tag is None:
                value = _resolve_plain(value_s) if style is None else value_s
            else:
                value = _resolve_tagged(value_s, tag)
            text = _locate_scalar(self.src, value_s, raw.sm, raw.em, style)
            sexa = style is None and tag is None and is_sexagesimal(value_s)
            return YScalar(value, text, span, tag, self.base, style, sexa)
        if raw.kind == "seq":
            return YSeq([self.build(item) for item in raw.items], span, tag, self.base)
        return self.build_map(raw, tag, span)

    def build_map(self, raw: _Raw, tag: str | None, span: Span) -> YMap:
        items: dict[str, YNode] = {}
        keys: dict[str, Span | None] = {}
        merged: dict[str, YNode] = {}
        merged_keys: dict[str, Span | None] = {}
        own: set[str] = set()
        pairs = raw.items
        for k in range(0, len(pairs) - 1, 2):
            key_raw, val_raw = pairs[k], pairs[k + 1]
            if key_raw.kind != "scalar":
                self.error("a mapping key must be a scalar: entry ignored", key_raw.sm)
                continue
            key = key_raw.value
            key_tag = key_raw.tag
            if (key == "<<" and not key_raw.style and key_tag in (None, "!")) or key_tag == _CORE + "merge":
                sources = [val_raw] if val_raw.kind == "map" else (val_raw.items if val_raw.kind == "seq" else [])
                if not sources or any(s.kind != "map" for s in sources):
                    self.error("a merge key (<<) takes a mapping or a list of mappings", val_raw.sm)
                    continue
                for source in reversed(sources):  # earlier sources win
                    node = self.build(source)
                    assert isinstance(node, YMap)
                    merged.update(node.items)
                    merged_keys.update(node.keys)
                continue
            if key in own:
                self.error(
                    f"duplicate key {key!r} (docker compose refuses the file); the later value is used",
                    key_raw.sm,
                )
            own.add(key)
            items[key] = self.build(val_raw)
            keys[key] = self.src.span(key_raw.sm, key_raw.em)
        if merged:
            out = dict(merged)
            out_keys = dict(merged_keys)
            out.update(items)
            out_keys.update(keys)
            items, keys = out, out_keys
        return YMap(items, keys, span, tag, self.base)


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[: max(0, offset)]
    starts = [m.end() for m in _BREAK_RE.finditer(before)]
    line_start = starts[-1] if starts else 0
    return len(starts) + 1, offset - line_start + 1


def _mark_position(text: str, mark: Any) -> tuple[int | None, int | None]:
    """A parser mark as a 1-based (line, column) inside the file: at the end of the input,
    libyaml points one line past the last one when the file has no final line break."""
    if mark is None:
        return None, None
    starts = [0] + [m.end() for m in _BREAK_RE.finditer(text)]
    line = min(max(mark.line, 0), len(starts) - 1)
    if line < mark.line:  # past the end: the end of the last line
        column = None
    else:
        column = max(mark.column, 0)
    start = starts[line]
    m = _BREAK_RE.search(text, start)
    length = (m.start() if m else len(text)) - start
    column = length if column is None else min(column, length)
    return line + 1, column + 1


def parse_yaml(text: str, path: str, base: str = "") -> tuple[list[YNode], list[FileError]]:
    """The documents of a YAML file as located nodes, and the problems found.

    Never raises.  On a syntax error or a refused document (too deep, too many nodes)
    no node is returned for the file.
    """
    errors: list[FileError] = []
    if len(text) > MAX_FILE_CHARS:
        return [], [FileError(path, f"file larger than {MAX_FILE_CHARS} characters: not loaded")]
    try:
        raws = _compose_raw_shared(text)
    except _Refused as exc:
        return [], [FileError(path, exc.message, *_mark_position(text, exc.mark))]
    except yaml.reader.ReaderError as exc:
        offset = exc.position
        if _loader() is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 input
            offset = len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
        line, column = _position(text, offset)
        return [], [FileError(path, f"invalid YAML: {exc.reason} character {exc.character!r}", line, column)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        return [], [FileError(path, f"invalid YAML: {message}", *_mark_position(text, mark))]
    except yaml.YAMLError as exc:
        return [], [FileError(path, f"invalid YAML: {exc}")]
    except (RecursionError, MemoryError):  # pragma: no cover - bounded above
        return [], [FileError(path, "YAML too complex to load")]
    src = _Source(text, path)
    ctor = _Constructor(src, base, errors)
    nodes: list[YNode] = []
    for raw in raws:
        try:
            nodes.append(ctor.build(raw))
        except RecursionError:  # pragma: no cover - depth is bounded
            errors.append(FileError(path, "YAML too deeply nested to load"))
    return nodes, errors
