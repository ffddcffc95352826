"""Load Compose files into located YAML trees, interpolated and merged as ``docker compose`` does.

Pure: every file is read through a ``read`` callback (``build.py`` owns the I/O and the
confinement to the project root); nothing here touches the filesystem, and nothing raises:
every problem becomes a :class:`~dockwise.model.FileError`.

YAML
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

Compose
  ``${VAR}``, ``$VAR``, ``${VAR:-default}``, ``${VAR-default}``, ``${VAR:?err}``,
  ``${VAR?err}``, ``${VAR:+alt}``, ``${VAR+alt}``, nested defaults and ``$$`` are
  interpolated in values (not keys) with the project's ``.env`` only (never the shell of the
  machine running dockwise: results must not depend on it).  Text copied from ``.env`` maps
  to the ``.env`` line, text copied from a default to the default's position in the Compose
  file.  An unset variable without a default becomes "" (Compose's own semantics; recorded
  in ``ComposeModel.unset``); a required (``?``) variable that is unset becomes HOLE
  (unknown: it must come from the environment at run time; recorded, not an error).
  Files are merged with the rules of compose-spec 13-merge.md, ``!reset`` / ``!override``
  included; ``extends`` (same and other file) and ``include`` are resolved per file before
  merging, as compose-go does.
"""
from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import yaml

from dockwise.layout.dotenv import read_dotenv
from dockwise.layout.model import EnvVar
from dockwise.model import HOLE, FileError, Piece, Span, Text

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "ReadFailure",
    "Reader",
    "YNode",
    "YScalar",
    "YSeq",
    "YMap",
    "ComposeModel",
    "EnvFile",
    "parse_yaml",
    "parse_env_file",
    "interpolate",
    "load_dotenv",
    "load_compose",
    "merge_nodes",
    "keyed_entries",
    "outside_root",
    "concat_text",
    "slice_text",
    "is_sexagesimal",
]

MAX_DEPTH = 64  # nesting levels (aliases included); Compose files use fewer than 10
MAX_NODES = 100_000  # nodes of one document after alias expansion
MAX_FILE_CHARS = 5_000_000
MAX_VALUE_CHARS = 16_384  # one interpolated value
MAX_INTERPOLATION_DEPTH = 16  # ${A:-${B:-${C...}}}
MAX_INCLUDE_DEPTH = 16

_BREAKS = "\r\n\x85\u2028\u2029"
_BREAK_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class ReadFailure(Exception):
    """Raised by a ``Reader``: the file is missing (``missing=True``), refused or unreadable."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing


# root-relative posix path -> decoded text; raises ReadFailure
Reader = Callable[[str], str]


# --------------------------------------------------------------------------- located text


def concat_text(parts: Iterable[Text]) -> Text:
    """Concatenate located texts (pieces shifted)."""
    value: list[str] = []
    pieces: list[Piece] = []
    offset = 0
    for part in parts:
        if not part.value:
            continue
        value.append(part.value)
        for p in part.pieces:
            pieces.append(Piece(p.start + offset, p.end + offset, p.path, p.line, p.column))
        offset += len(part.value)
    return Text("".join(value), tuple(pieces))


def slice_text(text: Text, start: int, end: int) -> Text:
    """``text.value[start:end]`` with its pieces."""
    n = len(text.value)
    start = max(0, min(start, n))
    end = max(start, min(end, n))
    if start == 0 and end == n:
        return text
    pieces = []
    for p in text.pieces:
        s, e = max(p.start, start), min(p.end, end)
        if s < e:
            pieces.append(Piece(s - start, e - start, p.path, p.line, p.column + (s - p.start)))
    return Text(text.value[start:end], tuple(pieces))


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
            pieces.append(Piece(start, i, path, first[0] + 1, first[1] + 1))  # type: ignore[index]
        if loc is not None:
            start, prev = i, loc
        else:
            start, prev = None, None
    if start is not None:
        first = locs[start]
        pieces.append(Piece(start, len(locs), path, first[0] + 1, first[1] + 1))  # type: ignore[index]
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


# --------------------------------------------------------------------------- YAML nodes


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


# --------------------------------------------------------------------------- interpolation

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPS = (":-", ":?", ":+", "-", "?", "+")


@dataclass
class _InterpState:
    env: Mapping[str, Text]
    path: str
    errors: list[FileError]
    unset: list[tuple[str, Span | None]]
    required: list[tuple[str, Span | None]]


def _match_brace(v: str, k: int) -> int:
    depth, n = 1, len(v)
    while k < n:
        c = v[k]
        if c == "$" and k + 1 < n and v[k + 1] in "${":
            if v[k + 1] == "{":
                depth += 1
            k += 2
            continue
        if c == "}":
            depth -= 1
            if depth == 0:
                return k
        k += 1
    return -1


def _interp(text: Text, st: _InterpState, depth: int, where: Span | None) -> Text:
    v = text.value
    if "$" not in v:
        return text
    if depth > MAX_INTERPOLATION_DEPTH:
        st.errors.append(_err_at(st.path, "interpolation nested too deeply", where))
        return Text(HOLE)
    out: list[Text] = []
    length = 0
    full = False

    def add(part: Text) -> None:
        nonlocal length, full
        if full or not part.value:
            return
        if length + len(part.value) > MAX_VALUE_CHARS:
            part = slice_text(part, 0, MAX_VALUE_CHARS - length)
            full = True
        out.append(part)
        length += len(part.value)

    i = lit = 0
    n = len(v)
    while not full:
        j = v.find("$", i)
        if j < 0 or j + 1 >= n:
            break
        nxt = v[j + 1]
        if nxt == "$":
            add(slice_text(text, lit, j + 1))  # "$$" -> "$" (located at the first)
            i = lit = j + 2
            continue
        if nxt == "{":
            end = _match_brace(v, j + 2)
            if end < 0:
                st.errors.append(_err_at(st.path, f"invalid interpolation: unterminated '${{' in {_redact(v[:80])!r}", where))
                break
            res = _braced(slice_text(text, j + 2, end), st, depth, where)
            if res is None:
                st.errors.append(_err_at(st.path, f"invalid interpolation format {_redact(v[j:end + 1][:80])!r}", where))
                i = end + 1
                continue
            add(slice_text(text, lit, j))
            add(res)
            i = lit = end + 1
            continue
        m = _NAME_RE.match(v, j + 1)
        if m:
            add(slice_text(text, lit, j))
            add(_lookup(m.group(), st, where))
            i = lit = m.end()
            continue
        i = j + 1  # a lone '$' stays
    add(slice_text(text, lit, n))
    if full:
        st.errors.append(_err_at(st.path, f"interpolated value longer than {MAX_VALUE_CHARS} characters: cut", where))
    return concat_text(out)


def _lookup(name: str, st: _InterpState, where: Span | None) -> Text:
    hit = st.env.get(name)
    if hit is None:
        st.unset.append((name, where))
        return Text("")
    return hit


def _braced(inner: Text, st: _InterpState, depth: int, where: Span | None) -> Text | None:
    v = inner.value
    m = _NAME_RE.match(v)
    if not m:
        return None
    name = m.group()
    rest = v[m.end():]
    if not rest:
        return _lookup(name, st, where)
    op = next((o for o in _OPS if rest.startswith(o)), None)
    if op is None:
        return None
    word = slice_text(inner, m.end() + len(op), len(v))
    value = st.env.get(name)
    unset = value is None
    empty = unset or value.value == ""  # type: ignore[union-attr]
    if op in (":-", "-"):
        if (op == ":-" and empty) or (op == "-" and unset):
            return _interp(word, st, depth + 1, where)
        return value  # type: ignore[return-value]
    if op in (":?", "?"):
        if (op == ":?" and empty) or (op == "?" and unset):
            st.required.append((name, where))
            return Text(HOLE)
        return value  # type: ignore[return-value]
    # ":+" / "+"
    if (op == ":+" and not empty) or (op == "+" and not unset):
        return _interp(word, st, depth + 1, where)
    return Text("")


def _redact(text: str) -> str:
    """Credentials out of file text quoted in a message (every output redacts again)."""
    from dockwise.extract.address import redact

    return redact(text)


def _err_at(path: str, message: str, where: Span | None) -> FileError:
    if where is not None:
        return FileError(where.path, message, where.line, where.column)
    return FileError(path, message)


def interpolate(
    text: Text,
    env: Mapping[str, Text],
    *,
    path: str = "",
    where: Span | None = None,
    errors: list[FileError] | None = None,
    unset: list[tuple[str, Span | None]] | None = None,
    required: list[tuple[str, Span | None]] | None = None,
) -> Text:
    """Compose interpolation of ``text`` with ``env`` (see the module docstring)."""
    st = _InterpState(env, path, errors if errors is not None else [], unset if unset is not None else [],
                      required if required is not None else [])
    return _interp(text, st, 0, where)


# --------------------------------------------------------------------------- .env files


@dataclass(frozen=True)
class EnvFile:
    vars: tuple[EnvVar, ...] = ()
    errors: tuple[FileError, ...] = ()

    def mapping(self) -> dict[str, Text]:
        return {v.name: v.value for v in self.vars if v.value is not None}


def parse_env_file(
    source: str,
    path: str,
    *,
    lookup: Mapping[str, Text] | None = None,
    origin: str = "env_file",
) -> EnvFile:
    """A ``.env`` / ``env_file`` as Compose reads it (:mod:`dockwise.layout.dotenv`), interpolated.

    ``${VAR}`` in unquoted and double-quoted values is interpolated with the names set above
    it, then ``lookup``.  A bare ``KEY`` gives a value of None (taken from the environment at
    run time).  Values are Texts located in the file.
    """
    read = read_dotenv(source, path, origin)
    out: list[EnvVar] = []
    errors = list(read.errors)
    known: dict[str, Text] = {}
    for entry in read.entries:
        var = entry.var
        if var.value is not None:
            if entry.quote != "'":
                var = EnvVar(var.name, _env_interp(var.value, known, lookup, path, var.name_span, errors), origin, var.name_span)
            known[var.name] = var.value
        out.append(var)
    # syntax errors and interpolation errors in file order
    errors.sort(key=lambda e: e.line or 0)
    return EnvFile(tuple(out), tuple(errors))


def _env_interp(
    value: Text,
    known: Mapping[str, Text],
    lookup: Mapping[str, Text] | None,
    path: str,
    where: Span,
    errors: list[FileError],
) -> Text:
    if "$" not in value.value:
        return value
    env: dict[str, Text] = dict(lookup or {})
    env.update(known)
    return interpolate(value, env, path=path, where=where, errors=errors)


def load_dotenv(read: Reader, directory: str, name: str = ".env") -> tuple[dict[str, Text], list[FileError], str | None]:
    """The variables of ``directory/.env`` (for interpolation), its errors, and its path if read."""
    path = _join(directory, name)
    try:
        source = read(path)
    except ReadFailure as exc:
        if exc.missing:
            return {}, [], None
        return {}, [FileError(path, exc.message)], None
    parsed = parse_env_file(source, path, origin="dotenv")
    return parsed.mapping(), list(parsed.errors), path


# --------------------------------------------------------------------------- merging

_DELETE = object()

# service attributes replaced rather than merged
_REPLACED = {"command", "entrypoint"}
# service attributes merged as name -> value mappings (list "K=V" entries normalised)
_KEYED_MAPS = {"environment", "labels", "annotations", "sysctls"}
# service sequences whose entries are unique (appended unless already present)
_UNIQUE_SEQS = {
    "expose", "dns", "dns_search", "dns_opt", "profiles", "links", "external_links", "cap_add", "cap_drop",
    "security_opt", "group_add", "devices", "tmpfs", "env_file", "label_file", "volumes_from", "secrets", "configs",
}


def _strip(node: YNode | None) -> YNode | None:
    """``node`` without ``!reset`` entries (a value added without anything to reset)."""
    if node is None or node.tag == "!reset":
        return None
    if isinstance(node, YMap):
        if not any(v.tag == "!reset" or isinstance(v, (YMap, YSeq)) for v in node.items.values()):
            return node
        items: dict[str, YNode] = {}
        for k, v in node.items.items():
            s = _strip(v)
            if s is not None:
                items[k] = s
        return YMap(items, {k: node.keys.get(k) for k in items}, node.span, node.tag, node.base)
    if isinstance(node, YSeq):
        if not any(v.tag == "!reset" or isinstance(v, (YMap, YSeq)) for v in node.items):
            return node
        return YSeq([s for s in (_strip(v) for v in node.items) if s is not None], node.span, node.tag, node.base)
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
        out = []
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
        return _merge_map(base, over, ("_",))  # type: ignore[arg-type]
    # a list is involved: one entry per key, later wins
    merged: dict[str, YNode] = {}
    anon: list[YNode] = []
    for source, pairs, is_map in ((base, pairs_a, map_a), (over, pairs_b, map_b)):
        for key, node in pairs:
            if node.tag == "!reset":
                merged.pop(key, None)
                continue
            if not key:
                anon.append(node)
                continue
            if is_map:
                node = _KeyedValue(key, node, source.keys.get(key))  # type: ignore[union-attr]
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


def merge_nodes(base: YNode | None, over: YNode | None, path: tuple[str, ...] = ()) -> YNode | None:
    """Merge ``over`` onto ``base`` following the Compose merge rules (None: removed)."""
    if over is None:
        return base
    if over.tag == "!reset":
        return None
    if base is None or over.tag == "!override":
        return _strip(over)
    depth = len(path)
    key = path[-1] if path else ""
    in_service = depth == 3 and path[0] == "services"
    if key.startswith("x-"):
        return _strip(over)
    if in_service:
        if key in _REPLACED:
            return _strip(over)
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
        return _strip(over)
    if depth == 4 and path[0] == "services" and path[2] == "build" and key in ("args", "labels"):
        return _merge_keyed(base, over)
    if depth == 5 and path[0] == "services" and path[2] == "networks" and key == "aliases":
        if isinstance(base, YSeq) and isinstance(over, YSeq):
            return _merge_unique(base, over, _entry_key)
    if isinstance(base, YMap) and isinstance(over, YMap):
        return _merge_map(base, over, path)
    if isinstance(base, YSeq) and isinstance(over, YSeq):
        stripped = _strip(over)
        assert isinstance(stripped, YSeq)
        return YSeq(base.items + stripped.items, over.span, None, over.base)
    return _strip(over)


def _build_map(node: YScalar) -> YMap:
    return YMap({"context": node}, {"context": node.span}, node.span, None, node.base)


def _merge_map(base: YNode, over: YNode, path: tuple[str, ...]) -> YNode:
    if not isinstance(base, YMap) or not isinstance(over, YMap):
        return _strip(over) or over
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


# --------------------------------------------------------------------------- loading


@dataclass
class ComposeModel:
    """A Compose project's merged configuration (YAML trees, interpolated and merged)."""

    project_dir: str
    files: list[str] = field(default_factory=list)  # the Compose files of the project (in order)
    read: list[str] = field(default_factory=list)  # every file read (includes, extends, .env)
    services: dict[str, YMap] = field(default_factory=dict)
    service_keys: dict[str, Span | None] = field(default_factory=dict)
    networks: dict[str, YNode | None] = field(default_factory=dict)
    volumes: dict[str, YNode | None] = field(default_factory=dict)
    name: str | None = None
    is_compose: bool = False  # some file has a ``services`` mapping
    errors: list[FileError] = field(default_factory=list)
    unset: list[tuple[str, Span | None]] = field(default_factory=list)  # ${VAR} without a value ("")
    required: list[tuple[str, Span | None]] = field(default_factory=list)  # ${VAR:?} without a value (HOLE)
    included: list[str] = field(default_factory=list)  # files loaded through include / extends


def _join(directory: str, rel: str) -> str:
    """A root-relative normalised posix path ('..' kept when it leaves the root)."""
    rel = rel.replace("\\", "/")
    if rel.startswith("/"):
        return posixpath.normpath(rel)
    joined = posixpath.normpath(posixpath.join(directory, rel)) if directory else posixpath.normpath(rel)
    return "" if joined == "." else joined


def outside_root(path: str) -> bool:
    return path == ".." or path.startswith("../") or path.startswith("/")


class _Loader:
    def __init__(self, read: Reader, model: ComposeModel) -> None:
        self.read = read
        self.model = model
        self.cache: dict[tuple[str, str, int], YMap | None] = {}

    def error(self, path: str, message: str, span: Span | None = None) -> None:
        if span is not None:
            self.model.errors.append(FileError(span.path, message, span.line, span.column))
        else:
            self.model.errors.append(FileError(path, message))

    # one file: parse, interpolate, include, extends
    def load_file(
        self, path: str, base: str, env: Mapping[str, Text], stack: tuple[str, ...], where: Span | None = None
    ) -> YMap | None:
        key = (path, base, id(env))
        if key in self.cache:
            return self.cache[key]
        if outside_root(path):
            self.error(where.path if where else path, f"{path}: outside the project root: refused", where)
            return None
        if path in stack or len(stack) > MAX_INCLUDE_DEPTH:
            self.error(where.path if where else path, f"{path}: include/extends loop: refused", where)
            return None
        try:
            source = self.read(path)
        except ReadFailure as exc:
            self.error(where.path if where else path, f"{path}: {exc.message}", where)
            self.cache[key] = None
            return None
        if path not in self.model.read:
            self.model.read.append(path)
        docs, errors = parse_yaml(source, path, base)
        self.model.errors.extend(errors)
        root: YMap | None = None
        for doc in docs:
            if isinstance(doc, YScalar) and doc.value is None:
                continue  # an empty document
            if not isinstance(doc, YMap):
                self.error(path, "not a Compose file: the document is not a mapping", doc.span)
                continue
            root = doc if root is None else merge_nodes(root, doc, ())  # type: ignore[assignment]
        if root is None:
            self.cache[key] = None
            return None
        self._interpolate(root, env)
        stack = stack + (path,)
        root = self._includes(root, path, stack)
        services = root.items.get("services")
        if isinstance(services, YMap):
            resolved = self._extends(services, path, base, env, stack)
            items = dict(root.items)
            items["services"] = resolved
            root = YMap(items, root.keys, root.span, root.tag, root.base)
        self.cache[key] = root
        return root

    def _interpolate(self, root: YNode, env: Mapping[str, Text]) -> None:
        st = _InterpState(env, "", self.model.errors, self.model.unset, self.model.required)
        todo: list[YNode] = [root]
        while todo:
            node = todo.pop()
            if isinstance(node, YMap):
                todo.extend(node.items.values())
            elif isinstance(node, YSeq):
                todo.extend(node.items)
            elif isinstance(node, YScalar) and isinstance(node.value, str) and "$" in node.value:
                st.path = node.span.path if node.span else ""
                text = _interp(node.text if node.text.value == node.value else Text(node.value), st, 0, node.span)
                node.text = text
                node.value = text.value

    def _includes(self, root: YMap, path: str, stack: tuple[str, ...]) -> YMap:
        inc = root.items.get("include")
        if inc is None:
            return root
        if not isinstance(inc, YSeq):
            self.error(path, "include must be a list", inc.span)
            return root
        imported: dict[str, dict[str, YNode]] = {"services": {}, "networks": {}, "volumes": {}}
        imported_keys: dict[str, dict[str, Span | None]] = {"services": {}, "networks": {}, "volumes": {}}
        for entry in inc.items:
            paths: list[YScalar] = []
            project_dir: str | None = None
            env_files: list[YScalar] = []
            if isinstance(entry, YScalar) and isinstance(entry.value, str):
                paths = [entry]
            elif isinstance(entry, YMap):
                p = entry.items.get("path")
                if isinstance(p, YScalar) and isinstance(p.value, str):
                    paths = [p]
                elif isinstance(p, YSeq):
                    paths = [x for x in p.items if isinstance(x, YScalar) and isinstance(x.value, str)]
                pd = entry.items.get("project_directory")
                if isinstance(pd, YScalar) and isinstance(pd.value, str):
                    project_dir = _join(pd.base, pd.value)
                ef = entry.items.get("env_file")
                if isinstance(ef, YScalar) and isinstance(ef.value, str):
                    env_files = [ef]
                elif isinstance(ef, YSeq):
                    env_files = [x for x in ef.items if isinstance(x, YScalar) and isinstance(x.value, str)]
            if not paths:
                self.error(path, "include entry without a path: ignored", entry.span)
                continue
            files = [_join(p.base, p.value) for p in paths]
            sub_dir = project_dir if project_dir is not None else posixpath.dirname(files[0])
            if outside_root(sub_dir):
                self.error(path, f"include project directory {sub_dir}: outside the project root: refused", entry.span)
                continue
            env: dict[str, Text] = {}
            if env_files:
                for ef_node in env_files:
                    ef_path = _join(ef_node.base, ef_node.value)
                    if outside_root(ef_path):
                        self.error(path, f"{ef_path}: outside the project root: refused", ef_node.span)
                        continue
                    vars_, errs, read_path = load_dotenv(self.read, posixpath.dirname(ef_path), posixpath.basename(ef_path))
                    self.model.errors.extend(errs)
                    if read_path:
                        self.model.read.append(read_path)
                    env.update(vars_)
            else:
                vars_, errs, read_path = load_dotenv(self.read, sub_dir)
                self.model.errors.extend(errs)
                if read_path:
                    self.model.read.append(read_path)
                env = vars_
            sub: YMap | None = None
            for f, p in zip(files, paths):
                node = self.load_file(f, sub_dir, env, stack, p.span)
                if node is None:
                    continue
                if f not in self.model.included:
                    self.model.included.append(f)
                sub = node if sub is None else merge_nodes(sub, node, ())  # type: ignore[assignment]
            if sub is None:
                continue
            for section in ("services", "networks", "volumes"):
                part = sub.items.get(section)
                if isinstance(part, YMap):
                    for name, node in part.items.items():
                        if name in imported[section]:
                            self.error(path, f"included {section[:-1]} {name!r} is defined twice", part.keys.get(name))
                        imported[section][name] = node
                        imported_keys[section][name] = part.keys.get(name)
        items = dict(root.items)
        keys = dict(root.keys)
        for section, found in imported.items():
            if not found:
                continue
            own = items.get(section)
            merged = dict(found)
            mkeys = dict(imported_keys[section])
            if isinstance(own, YMap):
                for name, node in own.items.items():
                    if name in merged:
                        self.error(
                            path,
                            f"{section[:-1]} {name!r} conflicts with an included one; the local definition is used",
                            own.keys.get(name),
                        )
                    merged[name] = node
                    mkeys[name] = own.keys.get(name)
            items[section] = YMap(merged, mkeys, own.span if own else None, None, root.base)
            keys.setdefault(section, None)
        items.pop("include", None)
        return YMap(items, keys, root.span, root.tag, root.base)

    def _extends(self, services: YMap, path: str, base: str, env: Mapping[str, Text], stack: tuple[str, ...]) -> YMap:
        resolved: dict[str, YNode] = {}

        def resolve(name: str, chain: tuple[str, ...]) -> YNode:
            if name in resolved:
                return resolved[name]
            svc = services.items[name]
            if not isinstance(svc, YMap) or "extends" not in svc.items:
                resolved[name] = svc
                return svc
            ext = svc.items["extends"]
            own = YMap({k: v for k, v in svc.items.items() if k != "extends"},
                       {k: s for k, s in svc.keys.items() if k != "extends"}, svc.span, svc.tag, svc.base)
            target_name: str | None = None
            target_file: YScalar | None = None
            if isinstance(ext, YScalar) and isinstance(ext.value, str):
                target_name = ext.value
            elif isinstance(ext, YMap):
                s = ext.items.get("service")
                if isinstance(s, YScalar) and isinstance(s.value, str):
                    target_name = s.value
                f = ext.items.get("file")
                if isinstance(f, YScalar) and isinstance(f.value, str):
                    target_file = f
            if not target_name:
                self.error(path, f"service {name!r}: extends needs a service name", ext.span)
                resolved[name] = own
                return own
            parent: YNode | None = None
            if target_file is not None and _join(target_file.base, target_file.value) == path:
                target_file = None  # extends a service of this very file
            if target_file is not None:
                fpath = _join(target_file.base, target_file.value)
                other = self.load_file(fpath, posixpath.dirname(fpath), env, stack, target_file.span)
                if other is not None:
                    if fpath not in self.model.included:
                        self.model.included.append(fpath)
                    osvcs = other.items.get("services")
                    parent = osvcs.items.get(target_name) if isinstance(osvcs, YMap) else None
                    if parent is None:
                        self.error(path, f"service {name!r} extends {target_name!r}: no such service in {fpath}", ext.span)
            else:
                if target_name in chain or target_name == name:
                    self.error(path, f"service {name!r}: extends loop through {target_name!r}", ext.span)
                elif target_name not in services.items:
                    self.error(path, f"service {name!r} extends {target_name!r}: no such service", ext.span)
                else:
                    parent = resolve(target_name, chain + (name,))
            if parent is None:
                resolved[name] = own
                return own
            if isinstance(parent, YMap) and "extends" in parent.items:
                parent = YMap({k: v for k, v in parent.items.items() if k != "extends"}, parent.keys, parent.span,
                              parent.tag, parent.base)
            merged = merge_nodes(parent, own, ("services", name))
            result = merged if merged is not None else own
            if isinstance(result, YMap):
                result = YMap(result.items, result.keys, svc.span, svc.tag, svc.base)
            resolved[name] = result
            return result

        for name in list(services.items):
            resolve(name, ())
        return YMap({k: resolved[k] for k in services.items}, services.keys, services.span, services.tag, services.base)


def load_compose(
    files: Sequence[str],
    *,
    read: Reader,
    project_dir: str | None = None,
    env: Mapping[str, Text] | None = None,
) -> ComposeModel:
    """Load and merge ``files`` (root-relative posix paths) like ``docker compose -f a -f b``.

    Relative paths in every file resolve against ``project_dir`` (default: the first file's
    directory), as Compose does; ``env`` holds the interpolation variables (the project's
    ``.env``).  Never raises.
    """
    project_dir = posixpath.dirname(files[0]) if project_dir is None and files else (project_dir or "")
    model = ComposeModel(project_dir=project_dir, files=list(files))
    try:
        _load_into(model, files, read, project_dir, env or {})
    except Exception as exc:  # an internal bug must not reach the user as a traceback
        model.errors.append(FileError(files[0] if files else project_dir, f"internal error while loading Compose files: {exc!r}"))
    return model


def _load_into(model: ComposeModel, files: Sequence[str], read: Reader, project_dir: str, env: Mapping[str, Text]) -> None:
    loader = _Loader(read, model)
    merged: YMap | None = None
    for path in files:
        node = loader.load_file(path, project_dir, env, ())
        if node is None:
            continue
        services = node.items.get("services")
        if services is not None:
            if isinstance(services, YMap):
                model.is_compose = True
            elif not (isinstance(services, YScalar) and services.value is None):
                loader.error(path, "services must be a mapping of service names to definitions", services.span)
                model.is_compose = True
                node = YMap({k: v for k, v in node.items.items() if k != "services"}, node.keys, node.span, None, node.base)
        merged = node if merged is None else merge_nodes(merged, node, ())  # type: ignore[assignment]
    if merged is None:
        return
    merged = _strip(merged)  # type: ignore[assignment]
    if not isinstance(merged, YMap):
        return
    name = merged.items.get("name")
    if isinstance(name, YScalar) and isinstance(name.value, str) and name.value:
        model.name = name.value
    services = merged.items.get("services")
    if isinstance(services, YMap):
        for svc_name, svc in services.items.items():
            if isinstance(svc, YScalar) and svc.value is None:
                svc = YMap({}, {}, svc.span, None, svc.base)
            if not isinstance(svc, YMap):
                loader.error(model.files[0], f"service {svc_name!r} must be a mapping: ignored", svc.span)
                continue
            model.services[svc_name] = svc
            model.service_keys[svc_name] = services.keys.get(svc_name)
    for section, target in (("networks", model.networks), ("volumes", model.volumes)):
        part = merged.items.get(section)
        if isinstance(part, YMap):
            for k, v in part.items.items():
                target[k] = v
        elif part is not None and not (isinstance(part, YScalar) and part.value is None):
            loader.error(model.files[0], f"{section} must be a mapping", part.span)
