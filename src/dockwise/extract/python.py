"""Connect targets and bind addresses written in Python source (LibCST).

``extract_python(source, path, knowledge)`` parses the file once with LibCST and walks the
tree once.  Every string expression (a literal, an f-string, an implicit or ``+``
concatenation, a ``%`` / ``.format`` template) is turned into a located ``model.Text`` and
judged by where it stands:

* anywhere (except the never-target places below) a string whose whole value is a URL
  with a host, a JDBC URL or a libpq / ``;``-style DSN is a connect target;
* where an address is expected, bare ``host`` / ``host:port`` strings count too: the host,
  URL, hostport and address arguments of the calls in ``rules/clients.yaml``, its generic
  ``keywords``, values of variables, attributes, dict keys, parameters, settings fields and
  environment variables whose names ``rules/names.yaml`` classifies as targets or bind
  addresses (their value's form comes from ``dict_keys``);
* ``os.getenv`` & co. defaults (``role: env`` entries) and pydantic ``BaseSettings`` field
  defaults carry ``fallback_for`` (the environment variable);
* servers relying on a default loopback bind (``app.run()``) give role ``bind-default``.

``Endpoint.context``: ``url`` / ``jdbc`` / ``dsn`` / ``hostport`` for a host parsed out of an
address string; for a string that is the host itself, where it was found: ``kwarg:<keyword>``,
``arg:<qualified call>`` (positional argument / address tuple of a known call),
``var:<name>``, ``dict:<key>``, ``param:<name>``, ``env:<VAR>`` (an environment default or a
settings field); ``default:<qualified call>`` for role ``bind-default``.  Roles: connect,
bind (a clients.yaml bind entry, a name classified ``bind``, or ``0.0.0.0`` given to
unknown code), bind-default.

Never targets: docstrings and bare string statements, comments, arguments of message calls
(``message_calls`` in names.yaml, anything named ``*Error`` / ``*Exception`` /
``*Warning``), ``raise`` / ``assert``, comparisons and ``match`` patterns, subscripts, dict
keys, annotations, decorators, ``__all__``, receivers of string methods other than
split/strip/format, names classified as advertised or data (anywhere up to the
statement), sets / lists of loopback spellings (guards) and long word lists, and hosts
``address.host_kind`` calls invalid or ``*.localhost``.

Speed: positions come from a sequential search of each string / comment token in the
source (LibCST visits in lexical order and code outside tokens holds no quote or ``#``),
which is exact and much cheaper than ``PositionProvider``; the provider is only used as a
fallback when the search loses its way.  The tree is walked with a hand-rolled iterative
traversal (field order learnt once per node type from LibCST itself) instead of
``CSTVisitor``, which rebuilds every node it visits.
"""
from __future__ import annotations

import bisect
import fnmatch
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import libcst as cst

from dockwise.extract.address import Address, host_kind, parse_any
from dockwise.model import HOLE, Endpoint, FileError, FileResult, Piece, Span, Text
from dockwise.suppress import parse_suppression_comment
from dockwise.templating import is_python_template, is_template_text

__all__ = ["extract_python"]


_STRING_LEAVES = (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)
_PASS_METHODS = frozenset({"split", "rsplit", "strip", "rstrip", "lstrip", "lower", "encode", "decode", "format", "splitlines"})
_STOP_TYPES = (
    cst.SimpleStatementLine, cst.SimpleStatementSuite, cst.IndentedBlock, cst.Module, cst.If, cst.For,
    cst.While, cst.With, cst.Try, cst.FunctionDef, cst.ClassDef, cst.Else, cst.Finally, cst.ExceptHandler,
)
_NEVER_TYPES = (
    cst.Comparison, cst.ComparisonTarget, cst.SubscriptElement, cst.Index, cst.Slice, cst.Annotation,
    cst.Raise, cst.Assert, cst.MatchValue, cst.MatchSingleton, cst.MatchAs, cst.MatchOr, cst.MatchClass,
    cst.MatchKeywordElement, cst.MatchMappingElement, cst.MatchSequenceElement, cst.MatchList, cst.MatchTuple,
    cst.Del, cst.Global, cst.Nonlocal, cst.Decorator,
)
_MAX_STRING = 4096  # longer literals (SQL, templates, prose) are not read as addresses
_MAX_LIST = 20  # a longer literal list of bare words under a host-like name is a word list
# Literal words that settings use for "off / automatic"; never host names of their own.
_NOT_HOSTS = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null", "nil", "auto", "default",
                        "disabled", "enabled", "disable", "enable", "unset", "empty", "any", "all", "dummy"})
_WS = re.compile(r"\s")
_NEWLINE = re.compile(r"\r\n?|\n")
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsab]")
_SIMPLE_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_IDENT = re.compile(r"[\w.]")
_HOSTPORT = re.compile(r"[A-Za-z][\w-]*:\d{2,5}")  # "db:5432" (a service's name and a port)


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class _Tables:
    exact: dict[str, tuple[Any, ...]]
    patterns: tuple[tuple[re.Pattern[str], Any], ...]
    default_methods: frozenset[str]
    message_last: frozenset[str]
    message_dotted: tuple[str, ...]
    keywords: dict[str, str]
    key_exact: dict[str, str]
    key_patterns: tuple[tuple[re.Pattern[str], str], ...]
    target_re: re.Pattern[str]
    cache: dict[str, tuple[Any, ...]]


_TABLES: dict[int, tuple[Any, _Tables]] = {}


def _tables(knowledge: Any) -> _Tables:
    hit = _TABLES.get(id(knowledge))
    if hit is not None and hit[0] is knowledge:
        return hit[1]
    exact: dict[str, list[Any]] = {}
    patterns: list[tuple[re.Pattern[str], Any]] = []
    defaults: set[str] = set()
    for call in knowledge.clients:
        for name in call.names:
            if "*" in name or "?" in name or "[" in name:
                patterns.append((re.compile(fnmatch.translate(name)), call))
            else:
                exact.setdefault(name, []).append(call)
            if call.default_host:
                defaults.add(name.rsplit(".", 1)[-1])
    message_last = frozenset(m for m in knowledge.names.message_calls if "." not in m)
    message_dotted = tuple(m for m in knowledge.names.message_calls if "." in m)
    key_exact: dict[str, str] = {}
    key_patterns: list[tuple[re.Pattern[str], str]] = []
    for key, form in knowledge.dict_keys.items():
        if any(c in key for c in "*?["):
            key_patterns.append((re.compile(fnmatch.translate(key.lower())), form))
        else:
            key_exact.setdefault(key.lower(), form)
    target = knowledge.names.target
    target_re = re.compile("|".join(f"(?:{fnmatch.translate(p.lower())})" for p in target) or r"(?!)")
    tables = _Tables(
        exact={k: tuple(v) for k, v in exact.items()},
        patterns=tuple(patterns),
        default_methods=frozenset(defaults),
        message_last=message_last,
        message_dotted=message_dotted,
        keywords={k.lower(): v for k, v in knowledge.keywords.items()},
        key_exact=key_exact,
        key_patterns=tuple(key_patterns),
        target_re=target_re,
        cache={},
    )
    if len(_TABLES) > 16:
        _TABLES.clear()
    _TABLES[id(knowledge)] = (knowledge, tables)
    return tables


def _calls_for(tables: _Tables, name: str) -> tuple[Any, ...]:
    hit = tables.cache.get(name)
    if hit is None:
        found = list(tables.exact.get(name, ()))
        found.extend(call for rx, call in tables.patterns if rx.match(name))
        hit = tables.cache[name] = tuple(found)
        if len(tables.cache) > 20000:
            tables.cache.clear()
    return hit


def _is_pattern_entry(tables: _Tables, name: str, call: Any) -> bool:
    return call not in tables.exact.get(name, ())


def _key_form(tables: _Tables, name: str) -> str | None:
    low = name.lower()
    form = tables.key_exact.get(low)
    if form is not None:
        return form
    for rx, f in tables.key_patterns:
        if rx.match(low):
            return f
    return None


# --------------------------------------------------------------------------- traversal

_ORDER: dict[type, tuple[str, ...]] = {}


class _OrderRecorder(cst.CSTVisitor):
    def __init__(self, root: cst.CSTNode) -> None:
        super().__init__()
        self.root = root
        self.attrs: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return node is self.root

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if node is self.root:
            self.attrs.append(attribute)


def _field_order(node: cst.CSTNode) -> tuple[str, ...]:
    """The node's child fields in lexical order, learnt once per type from LibCST."""
    kind = type(node)
    order = _ORDER.get(kind)
    if order is None:
        rec = _OrderRecorder(node)
        node.visit(rec)
        order = _ORDER[kind] = tuple(dict.fromkeys(rec.attrs))
    return order


_EXIT = object()  # marks the end of a node's children on the walk's stack
# leaves that hold no string or comment (commas, colons... do: comments after a line break)
_BARE = frozenset({cst.SimpleWhitespace, cst.Newline})


class _Desync(Exception):
    """The sequential token search lost its way: positions come from PositionProvider."""


# --------------------------------------------------------------------------- located text


class _TextBuilder:
    def __init__(self, owner: "_Extractor") -> None:
        self.owner = owner
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.length = 0

    def literal(self, text: str, offset: int) -> None:
        """``text`` copied verbatim from the source at ``offset``."""
        if not text:
            return
        pos = 0
        for m in _NEWLINE.finditer(text):
            self._piece(text[pos:m.start()], offset + pos)
            self.char(m.group(0))
            pos = m.end()
        self._piece(text[pos:], offset + pos)

    def _piece(self, text: str, offset: int) -> None:
        if not text:
            return
        line, col = self.owner.line_col(offset)
        self.pieces.append(Piece(self.length, self.length + len(text), self.owner.path, line, col))
        self.parts.append(text)
        self.length += len(text)

    def char(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def hole(self) -> None:
        self.char(HOLE)

    def text(self) -> Text:
        return Text("".join(self.parts), tuple(self.pieces))


def _substitute(text: Text, pattern: re.Pattern[str]) -> Text:
    """``text`` with every match of ``pattern`` replaced by HOLE, pieces remapped."""
    value = text.value
    matches = [m for m in pattern.finditer(value) if m.group(0) != "%%"]
    if not matches:
        return text
    kept: list[tuple[int, int, int]] = []  # (old start, old end, new start)
    out: list[str] = []
    pos = new = 0
    for m in matches:
        if m.start() > pos:
            kept.append((pos, m.start(), new))
            out.append(value[pos:m.start()])
            new += m.start() - pos
        out.append(HOLE)
        new += 1
        pos = m.end()
    if pos < len(value):
        kept.append((pos, len(value), new))
        out.append(value[pos:])
    pieces: list[Piece] = []
    for p in text.pieces:
        for s, e, n in kept:
            a, b = max(s, p.start), min(e, p.end)
            if a < b:
                pieces.append(Piece(n + a - s, n + b - s, p.path, p.line, p.column + a - p.start))
    return Text("".join(out), tuple(pieces))


# --------------------------------------------------------------------------- sites


@dataclass
class _Site:
    form: str  # free | url | address | hostport | host | any
    role: str = "connect"
    context: str = ""
    scheme: str | None = None
    entry: bool = False  # from a rules/clients.yaml call entry
    pattern: bool = False  # ... matched by a "*" pattern
    port: tuple[int | None, cst.CSTNode | None] | None = None  # sibling port (value, node)


_NEVER = object()


# --------------------------------------------------------------------------- extractor


class _Extractor:
    def __init__(self, source: str, path: str, knowledge: Any, include_all_hosts: bool,
                 line_map: list[int] | None = None) -> None:
        self.source = source
        self.line_map = line_map  # the original line of each line of ``source`` (focus.py)
        self.path = path
        self.knowledge = knowledge
        self.names = knowledge.names
        self.tables = _tables(knowledge)
        self.include_all = include_all_hosts
        self.module: cst.Module | None = None
        self._starts: list[int] | None = None
        # sequential token search
        self.cursor = 0
        self.tok_starts: list[int] = []
        self.tok_ends: list[int] = []
        self.offsets: dict[cst.CSTNode, int] = {}
        self.cursors: dict[cst.CSTNode, int] = {}
        self.positions: Any = None  # PositionProvider results after a desync
        # collected during the walk
        self.candidates: list[tuple[cst.CSTNode, tuple[cst.CSTNode, ...]]] = []
        self.default_calls: list[tuple[cst.Call, tuple[cst.CSTNode, ...]]] = []
        self.comments: list[tuple[cst.Comment, int]] = []
        self.imports: dict[str, str] = {}
        self.assigned: list[tuple[str, cst.BaseExpression]] = []
        self.var_types: dict[str, str | None] = {}
        self.classes: list[cst.ClassDef] = []
        self.settings: dict[cst.ClassDef, str] = {}  # settings class -> env_prefix
        self.flask_imported = False
        self.endpoints: list[Endpoint] = []
        self._dict_ports: dict[int, Any] = {}
        self._seen: dict[str, int] = {}  # integers met since the last token: value -> count
        self._guards: dict[int, bool] = {}

    # ------------------------------------------------------------------ positions
    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a source offset."""
        if self._starts is None:
            self._starts = [0] + [m.end() for m in _NEWLINE.finditer(self.source)]
        line = bisect.bisect_right(self._starts, offset)
        return self.orig(line), offset - self._starts[line - 1] + 1

    def orig(self, line: int) -> int:
        """The file's line number of ``line`` of the (focused) source."""
        m = self.line_map
        if m is None or not m:
            return line
        return m[min(max(line, 1), len(m)) - 1]

    def _offset_at(self, line: int, column0: int) -> int:
        if self._starts is None:
            self.line_col(0)
        assert self._starts is not None
        return self._starts[line - 1] + column0

    def _anchor(self, value: str) -> int:
        p = self.source.find(value, self.cursor)
        if p < 0:
            raise _Desync
        if self._seen:
            self._seen = {}
        self.tok_starts.append(p)
        self.tok_ends.append(p + len(value))
        self.cursor = p + len(value)
        return p

    def _anchor_fstring(self, node: cst.FormattedString) -> None:
        assert self.module is not None
        head = node.start
        p = self.source.find(head, self.cursor)
        if p < 0:
            raise _Desync
        self.offsets[node] = p
        q = p + len(head)
        for part in node.parts:
            if type(part) is cst.FormattedStringText:
                self.offsets[part] = q
                q += len(part.value)
            else:
                q += len(self.module.code_for_node(part))
        if self.source[q:q + len(node.end)] != node.end:
            raise _Desync
        end = q + len(node.end)
        if self._seen:
            self._seen = {}
        self.tok_starts.append(p)
        self.tok_ends.append(end)
        self.cursor = end

    def _paren_comments(self, parens: Any) -> None:
        """Anchor the comments inside the parentheses of a token (``(  # c\n "x")``)."""
        stack = list(reversed(parens))
        while stack:
            node = stack.pop()
            if type(node) is cst.Comment:
                p = self._anchor(node.value)
                self.comments.append((node, self.line_col(p)[0]))
                continue
            kids = []
            for attr in _ORDER.get(type(node)) or _field_order(node):
                value = getattr(node, attr)
                if type(value) in (tuple, list):
                    kids.extend(value)
                elif isinstance(value, cst.CSTNode):
                    kids.append(value)
            stack.extend(reversed(kids))

    def _use_provider(self) -> None:
        from libcst.metadata import MetadataWrapper, PositionProvider

        assert self.module is not None
        self.positions = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)

    def offset_of(self, node: cst.CSTNode) -> int | None:
        if self.positions is not None:
            rng = self.positions.get(node)
            return None if rng is None else self._offset_at(rng.start.line, rng.start.column)
        return self.offsets.get(node)

    def _inside_token(self, pos: int) -> int | None:
        i = bisect.bisect_right(self.tok_starts, pos) - 1
        if i >= 0 and self.tok_ends[i] > pos:
            return self.tok_ends[i]
        return None

    def code_span(self, node: cst.CSTNode, start: int, skip: int = 0) -> Span | None:
        """Span of a code node (not a string): the ``skip``+1-th occurrence of its code
        after ``start`` (the end of the last token before it) outside tokens."""
        if self.positions is not None:
            rng = self.positions.get(node)
            if rng is None:
                return None
            return Span(self.path, self.orig(rng.start.line), rng.start.column + 1, self.orig(rng.end.line), rng.end.column + 1)
        assert self.module is not None
        code = node.value if isinstance(node, (cst.Integer, cst.Name)) else self.module.code_for_node(node)
        code = code.strip()
        if not code:
            return None
        src = self.source
        pos = start
        while True:
            p = src.find(code, pos)
            if p < 0:
                return None
            inside = self._inside_token(p)
            if inside is not None:
                pos = inside
                continue
            if (p > 0 and _IDENT.match(src[p - 1])) or (p + len(code) < len(src) and _IDENT.match(src[p + len(code)])):
                pos = p + 1
                continue
            if skip:
                skip -= 1
                pos = p + len(code)
                continue
            line, col = self.line_col(p)
            end_line, end_col = self.line_col(p + len(code))
            return Span(self.path, line, col, end_line, end_col)

    def string_span(self, node: cst.CSTNode) -> Span | None:
        off = self.offset_of(node)
        if off is None:
            return None
        assert self.module is not None
        code = node.value if isinstance(node, cst.SimpleString) else self.module.code_for_node(node)
        line, col = self.line_col(off)
        end_line, end_col = self.line_col(off + len(code))
        return Span(self.path, line, col, end_line, end_col)

    # ------------------------------------------------------------------ walk
    def run(self) -> FileResult:
        try:
            module = cst.parse_module(self.source)
        except (cst.ParserSyntaxError, RecursionError, Exception) as exc:
            if is_template_text(self.source):
                return FileResult(self.path)  # markup that does not parse: a template
            return FileResult(self.path, errors=(self._syntax_error(exc),))
        self.module = module
        self._walk(module)
        self._resolve_types()
        for node, anc in self.candidates:
            self._judge(node, anc)
        for call, anc in self.default_calls:
            self._judge_default(call, anc)
        sups = []
        for comment, line in self.comments:
            codes = parse_suppression_comment(comment.value)
            if codes is not False:
                sups.append((line, codes))
        self.endpoints.sort(key=lambda e: (e.span.line, e.span.column))
        return FileResult(self.path, tuple(self.endpoints), tuple(sups))

    def _syntax_error(self, exc: BaseException) -> FileError:
        """A FileError for a file LibCST cannot parse, with CPython's wording and position
        when CPython rejects it too."""
        import ast
        import warnings

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(self.source, self.path or "<unknown>")
        except SyntaxError as err:
            from dockwise.extract.limits import clamp_position

            line, column = clamp_position(self.source, err.lineno, err.offset)
            return FileError(self.path, f"syntax error: {err.msg}", self.orig(line) if line else line, column)
        except (RecursionError, MemoryError, ValueError):
            pass
        if isinstance(exc, RecursionError):
            return FileError(self.path, "syntax error: too deeply nested to parse")
        text = str(getattr(exc, "message", "") or exc).strip()
        m = re.search(r"error at (\d+):(\d+): (.*)", text)
        if m:
            from dockwise.extract.limits import clamp_position

            line, column = clamp_position(self.source, int(m.group(1)), int(m.group(2)))
            return FileError(self.path, f"syntax error: {m.group(3)}", self.orig(line) if line else line, column)
        return FileError(self.path, f"syntax error: {text.splitlines()[0] if text else type(exc).__name__}")

    def _walk(self, module: cst.Module) -> None:
        anchoring = True
        owned: set[int] = set()  # ids of the operands of a string expression already taken
        anc: list[cst.CSTNode] = []
        exit_ = _EXIT
        stack: list[Any] = [module]
        order = _ORDER
        default = cst.MaybeSentinel.DEFAULT
        candidates = self.candidates
        offsets = self.offsets
        cursors = self.cursors
        defaults = self.tables.default_methods
        SimpleString, FormattedString, Comment, Integer = cst.SimpleString, cst.FormattedString, cst.Comment, cst.Integer
        while stack:
            node = stack.pop()
            if node is exit_:
                anc.pop()
                continue
            kind = type(node)
            try:
                if kind is SimpleString:
                    if anchoring:
                        if node.lpar:
                            self._paren_comments(node.lpar)
                        offsets[node] = self._anchor(node.value)
                        if node.rpar:
                            self._paren_comments(node.rpar)
                    if id(node) not in owned:
                        candidates.append((node, tuple(anc)))
                    continue
                if kind is FormattedString:
                    if anchoring:
                        if node.lpar:
                            self._paren_comments(node.lpar)
                        self._anchor_fstring(node)
                        if node.rpar:
                            self._paren_comments(node.rpar)
                    if id(node) not in owned:
                        candidates.append((node, tuple(anc)))
                    continue
                if kind is Comment:
                    if anchoring:
                        p = self._anchor(node.value)
                        self.comments.append((node, self.line_col(p)[0]))
                    else:
                        self.comments.append((node, 0))
                    continue
                if kind is Integer:
                    if anchoring and node.lpar:
                        self._paren_comments(node.lpar)
                    seen = self._seen.get(node.value, 0)
                    self._seen[node.value] = seen + 1
                    cursors[node] = (self.cursor, seen)
                    if anchoring and node.rpar:
                        self._paren_comments(node.rpar)
                    continue
            except _Desync:
                anchoring = False
                if kind is SimpleString or kind is FormattedString:
                    if id(node) not in owned:
                        candidates.append((node, tuple(anc)))
                    continue
                if kind is Comment:
                    self.comments.append((node, 0))
                    continue
            if (kind is cst.ConcatenatedString or (kind is cst.BinaryOperation and _stringish(node))):
                if id(node) not in owned:
                    candidates.append((node, tuple(anc)))
                    _own_operands(node, owned)
            elif kind is cst.Call:
                func = node.func
                last = func.attr.value if type(func) is cst.Attribute else func.value if type(func) is cst.Name else None
                if last in defaults:
                    self.default_calls.append((node, tuple(anc)))
                    cursors[node] = (self.cursor, 0)
            elif kind is cst.Import or kind is cst.ImportFrom:
                self._import(node)
            elif kind is cst.Assign:
                if type(node.value) is cst.Call and len(node.targets) == 1:
                    name = _dotted(node.targets[0].target)
                    if name:
                        self.assigned.append((name, node.value.func))
            elif kind is cst.AnnAssign:
                if type(node.value) is cst.Call:
                    name = _dotted(node.target)
                    if name:
                        self.assigned.append((name, node.value.func))
            elif kind is cst.WithItem:
                if type(node.item) is cst.Call and node.asname is not None:
                    name = _dotted(node.asname.name)
                    if name:
                        self.assigned.append((name, node.item.func))
            elif kind is cst.ClassDef:
                self.classes.append(node)
            fields = order.get(kind)
            if fields is None:
                fields = _field_order(node)
            if not fields:
                continue
            kids: list[cst.CSTNode] = []
            for attr in fields:
                value = getattr(node, attr)
                vt = type(value)
                if vt is tuple or vt is list:
                    kids.extend(value)
                elif value is not None and value is not default and vt not in _BARE:
                    kids.append(value)
            if kids:
                anc.append(node)
                stack.append(exit_)
                kids.reverse()
                stack.extend(kids)
        if not anchoring:
            self._use_provider()
            for comment_index, (comment, _) in enumerate(self.comments):
                rng = self.positions.get(comment)
                self.comments[comment_index] = (comment, self.orig(rng.start.line) if rng else 0)

    def _import(self, node: cst.Import | cst.ImportFrom) -> None:
        if type(node) is cst.Import:
            for alias in node.names:
                full = _dotted(alias.name)
                if not full:
                    continue
                if full.split(".", 1)[0] == "flask":
                    self.flask_imported = True
                if alias.asname is not None and type(alias.asname.name) is cst.Name:
                    self.imports[alias.asname.name.value] = full
                else:
                    head = full.split(".", 1)[0]
                    self.imports.setdefault(head, head)
            return
        if node.relative or node.module is None:
            return
        base = _dotted(node.module)
        if not base:
            return
        if base.split(".", 1)[0] == "flask":
            self.flask_imported = True
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            name = _dotted(alias.name)
            if not name:
                continue
            local = alias.asname.name.value if alias.asname is not None and type(alias.asname.name) is cst.Name else name
            self.imports[local] = f"{base}.{name}"

    # ------------------------------------------------------------------ names
    def _resolve_types(self) -> None:
        for name, func in self.assigned:
            q = self.qname(func)
            if name not in self.var_types:
                self.var_types[name] = q
        for cls in self.classes:
            prefix = self._settings_prefix(cls)
            if prefix is not None:
                self.settings[cls] = prefix

    def qname(self, expr: cst.BaseExpression, call: bool = False) -> str | None:
        """The dotted name of ``expr`` with import aliases and variable types resolved."""
        parts: list[str] = []
        while type(expr) is cst.Attribute:
            parts.append(expr.attr.value)
            expr = expr.value
        parts.reverse()
        if type(expr) is cst.Name:
            head = expr.value
            if head in self.imports:
                return ".".join([self.imports[head], *parts])
            names = [head, *parts]
            for i in range(len(names), 0, -1):
                key = ".".join(names[:i])
                if key in self.var_types:
                    typ = self.var_types[key]
                    if typ is None:
                        return None
                    rest = names[i:]
                    if not rest and call:
                        rest = ["__call__"]
                    return ".".join([typ, *rest])
            return ".".join(names)
        if type(expr) is cst.Call:
            inner = self.qname(expr.func)
            return ".".join([inner, *parts]) if inner else None
        return None

    def _name_kind(self, name: str, where: str) -> tuple[str | None, str | None]:
        """(classification, form) of a name: classification is data / advertised / bind /
        target / None; ``where`` is var, dict, kwarg, param, env or setting."""
        cls = self.names.classify(name)
        if cls in ("data", "advertised"):
            return cls, None
        form = None
        if where in ("kwarg", "param"):
            form = self.tables.keywords.get(name.lower())
        if form is None:
            form = _key_form(self.tables, name)
        if cls == "bind" and where != "var" and self.tables.target_re.match(name.lower()):
            cls = "target"  # HOST / host= in a mapping or a call is the server to reach
        return cls, form

    def _is_message(self, q: str) -> bool:
        last = q.rsplit(".", 1)[-1]
        if last in self.tables.message_last:
            return True
        if last.endswith(("Error", "Exception", "Warning")):
            return True
        return any(q == d or q.endswith("." + d) for d in self.tables.message_dotted)

    # ------------------------------------------------------------------ settings classes
    def _settings_prefix(self, cls: cst.ClassDef) -> str | None:
        is_settings = False
        prefix: str | None = None
        for base in cls.bases:
            q = self.qname(base.value) or ""
            if q.rsplit(".", 1)[-1] == "BaseSettings":
                is_settings = True
            else:
                for other, p in self.settings.items():
                    if other.name.value == q:
                        is_settings = True
                        prefix = p
        if not is_settings:
            return None
        body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
        for stmt in body:
            if type(stmt) is cst.SimpleStatementLine:
                for small in stmt.body:
                    target = value = None
                    if type(small) is cst.Assign and len(small.targets) == 1:
                        target, value = small.targets[0].target, small.value
                    elif type(small) is cst.AnnAssign:
                        target, value = small.target, small.value
                    if type(target) is cst.Name and target.value in ("model_config", "env_prefix") and value is not None:
                        found = _literal_str(value) if target.value == "env_prefix" else _config_prefix(value)
                        if found is not None:
                            prefix = found
            elif type(stmt) is cst.ClassDef and stmt.name.value == "Config":
                for inner in stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else ():
                    if type(inner) is cst.SimpleStatementLine:
                        for small in inner.body:
                            if type(small) is cst.Assign and len(small.targets) == 1:
                                t = small.targets[0].target
                                if type(t) is cst.Name and t.value == "env_prefix":
                                    found = _literal_str(small.value)
                                    if found is not None:
                                        prefix = found
        return prefix or ""

    # ------------------------------------------------------------------ judging strings
    def _judge(self, node: cst.CSTNode, anc: tuple[cst.CSTNode, ...]) -> None:
        parent = anc[-1]
        if type(parent) is cst.Expr:
            return  # docstring or a bare string statement
        if type(node) is cst.SimpleString:
            raw = node.value
            if len(raw) > _MAX_STRING or (":" not in raw and "=" not in raw and _WS.search(raw[1:-1])):
                return
        result = self._site(node, anc)
        if result is None:
            return
        site, fallback_for, collection, tuple_port, template = result
        text = self.text_of(node)
        if text is None:
            return
        if template == "format":
            text = _substitute(text, _FORMAT_FIELD)
        value = text.value
        if len(value) > _MAX_STRING or not value.strip():
            return
        if site.form == "free" and "://" not in value and "=" not in value and not _HOSTPORT.fullmatch(value):
            return
        address = parse_any(value)
        if address is None:
            return
        self._emit(node, text, address, site, fallback_for, collection, tuple_port)

    def _site(self, node: cst.CSTNode, anc: tuple[cst.CSTNode, ...]):
        """Where the string stands: (site, fallback_for, first collection, tuple port node,
        template) or None when it is never a target."""
        child: cst.CSTNode = node
        site: _Site | None = None
        opaque = False
        fallback_for: str | None = None
        collection: cst.CSTNode | None = None
        tuple_port: cst.CSTNode | None = None
        template: str | None = None
        first_name: str | None = None
        arg: cst.Arg | None = None
        port_info: tuple[int | None, cst.CSTNode | None] | None = None
        receiver: cst.CSTNode | None = None
        i = len(anc)
        while i > 0:
            i -= 1
            p = anc[i]
            kind = type(p)
            if kind is cst.Element or kind is cst.StarredElement:
                child = p
                continue
            if kind is cst.List or kind is cst.Tuple or kind is cst.Set:
                if collection is None:
                    collection = p
                    if kind is cst.Tuple and len(p.elements) == 2 and p.elements[0] is child:
                        tuple_port = p.elements[1].value
                child = p
                continue
            if kind is cst.Arg:
                arg = p
                child = p
                continue
            if kind is cst.Attribute:
                if child is not p.value:
                    return None
                receiver = child
                child = p
                continue
            if kind is cst.Call:
                if arg is None or child is not arg:
                    # the value is the receiver of a method: "...".format(x), getenv(...).split(",")
                    func = p.func
                    if child is func and type(func) is cst.Attribute and func.attr.value in _PASS_METHODS:
                        if func.attr.value == "format" and receiver is node:
                            template = "format"
                        child = p
                        arg = None
                        continue
                    if child is func and type(func) is cst.Attribute and type(receiver) is cst.Call:
                        # a method of a call's result: requests.get(url).json(), Redis(...).ping()
                        child = p
                        arg = None
                        continue
                    return None
                decided = self._call_level(p, arg, anc, i, node, site, opaque, collection, tuple_port)
                arg = None
                child = p
                if decided is _NEVER:
                    return None
                kind_of, payload = decided
                if kind_of == "site":
                    if site is None and not opaque:
                        site = payload
                elif kind_of == "env":
                    name = payload
                    if fallback_for is None:
                        fallback_for = name
                    if name and site is None and not opaque:
                        cls, form = self._name_kind(name, "env")
                        if cls in ("data", "advertised"):
                            return None
                        if cls in ("target", "bind") or form is not None:
                            site = _Site(form or "url", "bind" if cls == "bind" else "connect", f"env:{name}")
                        first_name = first_name or f"env:{name}"
                    elif name:
                        cls, _ = self._name_kind(name, "env")
                        if cls in ("data", "advertised"):
                            return None
                elif kind_of == "pass":
                    pass
                elif kind_of == "opaque":
                    if site is None:
                        opaque = True
                elif kind_of == "name":
                    name, where, port = payload
                    cls, form = self._name_kind(name, where)
                    if cls in ("data", "advertised"):
                        return None
                    if site is None and not opaque:
                        if cls in ("target", "bind") or form is not None:
                            site = _Site(form or "url", "bind" if cls == "bind" else "connect", f"{where}:{name}")
                            if port is not None:
                                site.port = port
                        else:
                            opaque = True
                continue
            if kind is cst.DictElement:
                if child is p.key:
                    return None
                key = _literal_str(p.key)
                child = p
                if key is None:
                    continue
                cls, form = self._name_kind(key, "dict")
                if cls in ("data", "advertised"):
                    return None
                if port_info is None and i > 0 and type(anc[i - 1]) is cst.Dict:
                    port_info = self._dict_port(anc[i - 1])
                if site is None and not opaque and (cls in ("target", "bind") or form is not None):
                    site = _Site(form or "url", "bind" if cls == "bind" else "connect", f"dict:{key}")
                    site.port = port_info
                elif site is not None and site.port is None and not site.entry and port_info is not None:
                    site.port = port_info  # {"HOST": os.getenv("H", "db"), "PORT": 5432}
                continue
            if kind is cst.Assign or kind is cst.AnnAssign or kind is cst.AugAssign or kind is cst.NamedExpr:
                if kind is cst.AugAssign:
                    break  # x += "...": the name does not describe the text
                targets = [t.target for t in p.targets] if kind is cst.Assign else [p.target]
                element = child
                if type(p.value) in (cst.Tuple, cst.List) and i + 2 < len(anc) and anc[i + 1] is p.value:
                    element = anc[i + 2]  # HOST, PORT = "localhost", 8000
                names = []
                for t in targets:
                    names.extend(_target_names(t, p.value, element))
                settings_env = self._settings_env(anc, i, names)
                for name in names:
                    if name == "__all__":
                        return None
                    where = "setting" if settings_env is not None else "var"
                    cls, form = self._name_kind(name.rsplit(".", 1)[-1], where)
                    if cls in ("data", "advertised"):
                        return None
                    if site is None and not opaque and (cls in ("target", "bind") or form is not None):
                        if settings_env is not None:
                            site = _Site(form or "url", "bind" if cls == "bind" else "connect", f"env:{settings_env}")
                        else:
                            site = _Site(form or "url", "bind" if cls == "bind" else "connect", f"var:{name}")
                if settings_env is not None:
                    fallback_for = fallback_for or settings_env
                    ecls, eform = self._name_kind(settings_env, "env")
                    if ecls in ("data", "advertised"):
                        return None
                    if site is None and not opaque and (ecls in ("target", "bind") or eform is not None):
                        site = _Site(eform or "url", "bind" if ecls == "bind" else "connect", f"env:{settings_env}")
                break
            if kind is cst.Param:
                if child is p.default:
                    name = p.name.value
                    cls, form = self._name_kind(name, "param")
                    if cls in ("data", "advertised"):
                        return None
                    if site is None and not opaque and (cls in ("target", "bind") or form is not None):
                        site = _Site(form or "url", "bind" if cls == "bind" else "connect", f"param:{name}")
                        if i > 0 and isinstance(anc[i - 1], cst.Parameters):
                            site.port = _param_port(anc[i - 1])
                break
            if kind is cst.BooleanOperation:
                if child is p.right and type(p.operator) is cst.Or and type(p.left) is cst.Call:
                    env = self._env_name(p.left)
                    if env is not None:
                        fallback_for = fallback_for or env
                        cls, form = self._name_kind(env, "env")
                        if cls in ("data", "advertised"):
                            return None
                        if site is None and not opaque and (cls in ("target", "bind") or form is not None):
                            site = _Site(form or "url", "bind" if cls == "bind" else "connect", f"env:{env}")
                child = p
                continue
            if kind is cst.IfExp:
                if child is p.test:
                    return None
                child = p
                continue
            if kind is cst.Expr:
                break
            if isinstance(p, _NEVER_TYPES):
                if site is not None and site.entry and kind in (cst.Comparison, cst.ComparisonTarget):
                    break  # a client call's result compared: requests.get(url).status_code == 200
                return None
            if isinstance(p, _STOP_TYPES):
                break
            child = p
        if site is not None and site.port is None and not site.entry and tuple_port is not None:
            if _int_value(tuple_port) is not None:
                site.port = (_int_value(tuple_port), tuple_port)  # ("localhost", 6379)
        return self._finish(site, node, first_name, fallback_for, collection, tuple_port, template)

    def _finish(self, site, node, first_name, fallback_for=None, collection=None, tuple_port=None, template=None):
        if site is None:
            site = _Site("free", context=first_name or "")
        return site, fallback_for, collection, tuple_port, template

    def _settings_env(self, anc: tuple[cst.CSTNode, ...], i: int, names: list[str]) -> str | None:
        """The environment variable of a pydantic settings field assigned at anc[i]."""
        if not self.settings or i < 3:
            return None
        cls = anc[i - 3]
        if type(cls) is not cst.ClassDef or cls not in self.settings or type(anc[i - 2]) is not cst.IndentedBlock:
            return None
        if not names or names[0] in ("model_config",):
            return None
        stmt = anc[i]
        value = getattr(stmt, "value", None)
        if type(value) is cst.Call and (self.qname(value.func) or "").rsplit(".", 1)[-1] == "Field":
            for a in value.args:
                if a.keyword is not None and a.keyword.value in ("env", "validation_alias", "alias"):
                    alias = _literal_str(a.value)
                    if alias:
                        return alias
        return (self.settings[cls] + names[0]).upper()

    def _env_name(self, call: cst.Call) -> str | None:
        q = self.qname(call.func, call=True)
        if not q:
            return None
        for entry in _calls_for(self.tables, q):
            if entry.role == "env" and entry.host is not None:
                a = _find_arg(call, entry.host)
                if a is not None:
                    return _literal_str(a.value)
        return None

    def _call_level(self, call: cst.Call, arg: cst.Arg, anc, i, node, site, opaque, collection, tuple_port):
        """How a call judges the argument ``arg`` that holds the string."""
        q = self.qname(call.func, call=True)
        if q is None:
            return ("opaque", None)
        tables = self.tables
        last = q.rsplit(".", 1)[-1]
        # pydantic Field(default) in a settings class: the default passes through
        if last == "Field" and i >= 1 and type(anc[i - 1]) in (cst.AnnAssign, cst.Assign) and anc[i - 1].value is call:
            if self._settings_env(anc, i - 1, ["x"]) is not None:
                if (arg.keyword is not None and arg.keyword.value == "default") or (arg.keyword is None and call.args and call.args[0] is arg):
                    return ("pass", None)
            return _NEVER
        entries = _calls_for(tables, q)
        pos = _position(call, arg)
        for entry in entries:
            if entry.role == "env":
                if entry.url is not None and _matches(entry.url, arg, pos):
                    name_arg = _find_arg(call, entry.host) if entry.host is not None else None
                    name = _literal_str(name_arg.value) if name_arg is not None else None
                    return ("env", name)
                if entry.host is not None and _matches(entry.host, arg, pos):
                    return _NEVER  # the variable's name
                continue
            field = None
            if entry.address is not None and _matches(entry.address, arg, pos) and tuple_port is not None:
                field = "address"
            elif entry.url is not None and _matches(entry.url, arg, pos):
                field = "url"
            elif entry.hostport is not None and _matches(entry.hostport, arg, pos):
                field = "hostport"
            elif entry.host is not None and _matches(entry.host, arg, pos):
                field = "host"
            if field is None:
                if entry.port is not None and _matches(entry.port, arg, pos):
                    return _NEVER  # a port written as a string
                continue
            ctx = f"kwarg:{arg.keyword.value}" if arg.keyword is not None else f"arg:{q}"
            if field == "address":
                form, port = "any", (_int_value(tuple_port), tuple_port)
            elif field == "url":
                form, port = "url", None
            elif field == "hostport":
                form, port = "hostport", None
            else:
                form, port = ("any" if entry.host_form == "any" else "host"), None
            if port is None and entry.port is not None:
                port_arg = _find_arg(call, entry.port)
                if port_arg is not None:
                    port = (_int_value(port_arg.value), port_arg.value)
            s = _Site(form, entry.role, ctx, entry.scheme, entry=True, pattern=_is_pattern_entry(tables, q, entry), port=port)
            return ("site", s)
        if self._is_message(q):
            return _NEVER
        if arg.keyword is not None:
            name = arg.keyword.value
            if last == "get" and name == "default" and type(call.func) is cst.Attribute and call.args:
                key = _literal_str(call.args[0].value)
                if key is not None:
                    return ("name", (key, "dict", None))
            port = None
            for other in call.args:
                if other.keyword is not None and other.keyword.value.lower() == "port":
                    port = (_int_value(other.value), other.value)
            return ("name", (name, "kwarg", port))
        if arg.star == "**":
            return ("pass", None)  # f(**{"host": ...}): the dict's keys named the values
        if last == "get" and type(call.func) is cst.Attribute and pos == 1 and call.args:
            key = _literal_str(call.args[0].value)  # mapping.get("KEY", default)
            if key is not None:
                return ("name", (key, "dict", None))
        return ("opaque", None)

    # ------------------------------------------------------------------ located text
    def text_of(self, node: cst.CSTNode) -> Text | None:
        b = _TextBuilder(self)
        try:
            if type(node) is cst.BinaryOperation and type(node.operator) is cst.Modulo:
                left = self.text_of(node.left)
                return None if left is None else _substitute(left, _PERCENT_FIELD)
            self._add(node, b)
        except _NoPosition:
            return None
        return b.text()

    def _add(self, node: cst.CSTNode, b: _TextBuilder) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            kind = type(n)
            if kind is cst.SimpleString:
                self._add_simple(n, b)
            elif kind is cst.FormattedString:
                self._add_fstring(n, b)
            elif kind is cst.ConcatenatedString:
                stack.append(n.right)
                stack.append(n.left)
            elif kind is cst.BinaryOperation and type(n.operator) is cst.Add:
                stack.append(n.right)
                stack.append(n.left)
            else:
                b.hole()

    def _add_simple(self, node: cst.SimpleString, b: _TextBuilder) -> None:
        off = self.offset_of(node)
        if off is None:
            raise _NoPosition
        prefix = node.prefix.lower()
        quote = node.quote
        body = node.value[len(prefix) + len(quote):len(node.value) - len(quote)]
        self._add_body(body, off + len(prefix) + len(quote), "r" in prefix, "b" in prefix, b)

    def _add_fstring(self, node: cst.FormattedString, b: _TextBuilder) -> None:
        raw = "r" in node.prefix.lower()
        for part in node.parts:
            if type(part) is cst.FormattedStringText:
                off = self.offset_of(part)
                if off is None:
                    raise _NoPosition
                value = part.value
                pos = 0
                while True:
                    j = min((k for k in (value.find("{{", pos), value.find("}}", pos)) if k >= 0), default=-1)
                    if j < 0:
                        break
                    self._add_body(value[pos:j], off + pos, raw, False, b)
                    b.char(value[j])
                    pos = j + 2
                self._add_body(value[pos:], off + pos, raw, False, b)
            else:
                b.hole()

    def _add_body(self, body: str, offset: int, raw: bool, is_bytes: bool, b: _TextBuilder) -> None:
        if raw or "\\" not in body:
            b.literal(body, offset)
            return
        pos = run = 0
        n = len(body)
        while True:
            j = body.find("\\", pos)
            if j < 0 or j + 1 >= n:
                break
            c = body[j + 1]
            decoded: str | None = None
            length = 2
            if c in "\r\n":
                decoded = ""
                if c == "\r" and body[j + 2:j + 3] == "\n":
                    length = 3
            elif c in _SIMPLE_ESCAPES:
                decoded = _SIMPLE_ESCAPES[c]
            elif c in "01234567":
                m = re.match(r"[0-7]{1,3}", body[j + 1:])
                assert m is not None
                decoded = chr(int(m.group(0), 8))
                length = 1 + len(m.group(0))
            elif c == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", body[j + 2:j + 4]):
                decoded = chr(int(body[j + 2:j + 4], 16))
                length = 4
            elif not is_bytes and c == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[j + 2:j + 6]):
                decoded = chr(int(body[j + 2:j + 6], 16))
                length = 6
            elif not is_bytes and c == "U" and re.fullmatch(r"[0-9a-fA-F]{8}", body[j + 2:j + 10]):
                try:
                    decoded = chr(int(body[j + 2:j + 10], 16))
                    length = 10
                except ValueError:
                    decoded = None
            elif not is_bytes and c == "N" and body[j + 2:j + 3] == "{":
                close = body.find("}", j + 3)
                if close > 0:
                    try:
                        decoded = unicodedata.lookup(body[j + 3:close])
                        length = close + 1 - j
                    except KeyError:
                        decoded = None
            if decoded is None:  # not an escape: the backslash stays
                pos = j + 2
                continue
            b.literal(body[run:j], offset + run)
            b.char(decoded)
            pos = run = j + length
        b.literal(body[run:], offset + run)

    # ------------------------------------------------------------------ endpoints
    def _emit(self, node, text: Text, address: Address, site: _Site, fallback_for, collection, tuple_port) -> None:
        knowledge = self.knowledge
        form = address.form
        free_hostport = False
        if form == "hostport":
            if site.form in ("free", "url"):
                # "db:15432" anywhere: a target only when its host names a service of the
                # layout (the judge decides), so only one-word hosts with a port are kept
                if site.form == "url" or not all(h.port is not None for h in address.hosts):
                    return
                free_hostport = True
            if site.form == "address" and not all(h.port is not None or h.port_hole for h in address.hosts) \
                    and (site.port is None or site.port[0] is None):
                return
        scheme_name = address.scheme if form in ("url", "jdbc") else site.scheme
        scheme = knowledge.scheme(scheme_name) if scheme_name else None
        if scheme is not None and scheme.kind != "network":
            return
        scheme_norm = scheme.name if scheme is not None else (scheme_name.lower().split("+", 1)[0] if scheme_name else None)
        if form == "hostport" and not site.entry and collection is not None:
            # sets, loopback spellings listed as a guard, long word lists: not addresses
            if type(collection) is cst.Set or len(getattr(collection, "elements", ())) > _MAX_LIST:
                return
            if self._loopback_guard(collection):
                return
        sibling = site.port
        if sibling is None and tuple_port is not None and _int_value(tuple_port) is not None:
            sibling = (_int_value(tuple_port), tuple_port)  # {"hosts": [("127.0.0.1", 6379)]}
        value = text.value
        for h in address.hosts:
            host = h.host
            if not host or HOLE in host:
                continue
            kind = host_kind(host, knowledge)
            if kind in ("invalid", "localhost-subdomain"):
                continue
            if not self.include_all and kind in ("name", "dns"):
                continue
            if free_hostport and kind != "name":
                continue
            role = site.role
            if form in ("hostport", "dsn") and kind == "unspecified" and not site.entry:
                role = "bind"  # 0.0.0.0 given to something unknown is a listen address
            if kind == "name" and site.form == "free" and scheme is None and h.port is None and not h.port_hole:
                continue  # "foo://bar", "mem://some/schema": identifiers, not addresses
            if kind == "name" and form == "hostport" and not site.entry and host.lower() in _NOT_HOSTS:
                continue  # os.getenv("X_SERVER", "no"): a flag, not a host
            if site.pattern and kind == "name" and form == "hostport" and h.port is None and (sibling is None or sibling[0] is None):
                continue  # x.connect("name") on an unknown receiver: too weak alone
            if role == "bind" and (h.port == 0 or (h.port is None and sibling is not None and _zero(sibling[1]))):
                continue  # port 0: an ephemeral, container-internal listener (a free-port probe)
            port: int | None = None
            port_source: str | None = None
            port_span: Span | None = None
            if h.port is not None:
                port, port_source = h.port, "explicit"
                port_span = text.span(h.port_start, h.port_end) if h.port_start is not None else None
            elif h.port_hole:
                pass
            elif form in ("hostport", "dsn") and sibling is not None:
                if sibling[0] is not None:
                    port, port_source = sibling[0], "argument"
                    port_span = self._port_span(sibling[1])
            else:
                default = knowledge.scheme_port(scheme_name) if scheme_name else None
                if default is not None:
                    port, port_source = default, "scheme"
            span = text.span(h.start, h.end) or self._near_span(text, h.start, node)
            if span is None:
                continue
            whole = h.start == 0 and h.end == len(value) and form == "hostport"
            if form == "url":
                context = "url"
            elif form == "jdbc":
                context = "jdbc"
            elif form == "dsn":
                context = "dsn"
            elif free_hostport:
                context = "hostport-free"
            elif whole or (h.port is None and len(address.hosts) == 1):
                context = site.context or "host"
            else:
                context = "hostport"
            self.endpoints.append(
                Endpoint(
                    span=span,
                    host=host,
                    port=port,
                    port_source=port_source,
                    port_span=port_span,
                    scheme=scheme_norm,
                    context=context,
                    role=role,
                    text=address.text if (form != "hostport" or len(address.hosts) > 1 or h.port is not None) else host,
                    fallback_for=fallback_for,
                    quoted_whole=whole,
                )
            )

    def _dict_port(self, d: cst.Dict) -> tuple[int | None, cst.CSTNode | None] | None:
        key = id(d)
        if key not in self._dict_ports:
            self._dict_ports[key] = _dict_port(d)
        return self._dict_ports[key]

    def _loopback_guard(self, collection: cst.CSTNode) -> bool:
        key = id(collection)
        if key not in self._guards:
            self._guards[key] = self._is_loopback_guard(collection)
        return self._guards[key]

    def _is_loopback_guard(self, collection: cst.CSTNode) -> bool:
        loopback = set()
        for el in getattr(collection, "elements", ()):
            s = _literal_str(el.value)
            if s is not None and host_kind(s.strip(), self.knowledge) in ("loopback", "unspecified"):
                loopback.add(s.strip().lower())
        return len(loopback) >= 2

    def _port_span(self, node: cst.CSTNode | None) -> Span | None:
        if node is None:
            return None
        if type(node) is cst.SimpleString:
            return self.string_span(node)
        start = self.cursors.get(node)
        if start is None:
            return None
        return self.code_span(node, *start)

    def _near_span(self, text: Text, start: int, node: cst.CSTNode) -> Span | None:
        """A span for a host that does not lie within one piece (escapes): the piece where
        it starts, else the literal's first piece."""
        for piece in text.pieces:
            if piece.start <= start < piece.end:
                return Span(piece.path, piece.line, piece.column + start - piece.start, piece.line, piece.column + piece.end - piece.start)
        if text.pieces:
            p = text.pieces[0]
            return Span(p.path, p.line, p.column, p.line, p.column + p.end - p.start)
        return None

    # ------------------------------------------------------------------ default binds
    def _judge_default(self, call: cst.Call, anc) -> None:
        q = self.qname(call.func, call=True)
        if q is None:
            return
        entries = [e for e in _calls_for(self.tables, q) if e.default_host]
        if not entries:
            q2 = self._flask_guess(call)
            if q2 is None:
                return
            q = q2
            entries = [e for e in _calls_for(self.tables, q) if e.default_host]
            if not entries:
                return
        entry = entries[0]
        if any(a.star for a in call.args):
            return
        if entry.host is not None and _find_arg(call, entry.host) is not None:
            return  # an explicit host: judged as a string (or unknown)
        sockets = self.knowledge.flow.get("socket_keywords") or ()
        if any(a.keyword is not None and a.keyword.value in sockets for a in call.args):
            return  # uvicorn.run(app, uds=...): a Unix socket, no TCP bind
        for i in range(len(anc) - 1, -1, -1):  # not in message text or a comparison
            if isinstance(anc[i], (cst.Raise, cst.Assert, cst.Comparison)):
                return
        start = self.cursors.get(call, (0, 0))
        span = self.code_span(call.func, *start)
        if span is None:
            return
        port = port_source = port_span = None
        if entry.port is not None:
            pa = _find_arg(call, entry.port)
            if pa is not None and _int_value(pa.value) is not None:
                port, port_source = _int_value(pa.value), "argument"
                port_span = self._port_span(pa.value)
        assert self.module is not None
        func_code = self.module.code_for_node(call.func).strip()
        self.endpoints.append(
            Endpoint(
                span=span,
                host=entry.default_host,
                port=port,
                port_source=port_source,
                port_span=port_span,
                context=f"default:{q}",
                role="bind-default" if entry.default_needs_entry else "bind",
                text=f"`{func_code}()`",
            )
        )

    def _flask_guess(self, call: cst.Call) -> str | None:
        """``app.run()`` where ``app`` comes from a factory (``create_app()``) or another
        module, in a file that imports flask: taken as a Flask app."""
        func = call.func
        if not self.flask_imported or type(func) is not cst.Attribute or type(func.value) is not cst.Name:
            return None
        name = func.value.value
        if name not in ("app", "application"):
            return None
        typ = self.var_types.get(name)
        if typ is not None and typ.rsplit(".", 1)[-1][:1].isupper():
            return None  # FastAPI(), Celery(), ...: a known class that is not Flask
        return f"flask.Flask.{func.attr.value}"


class _NoPosition(Exception):
    pass


# --------------------------------------------------------------------------- helpers


def _stringish(node: cst.BinaryOperation) -> bool:
    """A ``+`` concatenation or ``%`` template with a string literal in it."""
    op = type(node.operator)
    if op is cst.Modulo:
        return isinstance(node.left, _STRING_LEAVES)
    if op is not cst.Add:
        return False
    n: cst.BaseExpression = node
    while type(n) is cst.BinaryOperation and type(n.operator) is cst.Add:
        if isinstance(n.right, _STRING_LEAVES):
            return True
        n = n.left
    return isinstance(n, _STRING_LEAVES)


def _own_operands(node: cst.CSTNode, owned: set[int]) -> None:
    """Mark the string operands of a string expression: they are judged as part of it."""
    stack = [node]
    while stack:
        n = stack.pop()
        owned.add(id(n))
        kind = type(n)
        if kind is cst.ConcatenatedString:
            stack.append(n.left)
            stack.append(n.right)
        elif kind is cst.BinaryOperation and type(n.operator) is cst.Add:
            stack.append(n.left)
            stack.append(n.right)
        elif kind is cst.BinaryOperation and type(n.operator) is cst.Modulo:
            stack.append(n.left)


def _dotted(node: cst.CSTNode | None) -> str | None:
    parts: list[str] = []
    while type(node) is cst.Attribute:
        parts.append(node.attr.value)
        node = node.value
    if type(node) is not cst.Name:
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def _literal_str(node: cst.CSTNode | None) -> str | None:
    """The value of a plain string literal (implicit concatenations too), else None."""
    if type(node) is cst.SimpleString:
        try:
            value = node.evaluated_value
        except Exception:
            return None
        if isinstance(value, bytes):
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                return None
        return value
    if type(node) is cst.ConcatenatedString:
        left, right = _literal_str(node.left), _literal_str(node.right)
        return None if left is None or right is None else left + right
    return None


def _config_prefix(node: cst.CSTNode) -> str | None:
    """env_prefix of ``SettingsConfigDict(env_prefix="X")`` or ``{"env_prefix": "X"}``."""
    if type(node) is cst.Call:
        for a in node.args:
            if a.keyword is not None and a.keyword.value == "env_prefix":
                return _literal_str(a.value)
    if type(node) is cst.Dict:
        for el in node.elements:
            if type(el) is cst.DictElement and _literal_str(el.key) == "env_prefix":
                return _literal_str(el.value)
    return None


def _zero(node: cst.CSTNode | None) -> bool:
    """A literal port 0 (``0`` or ``"0"``)."""
    if type(node) is cst.Integer:
        return node.value.replace("_", "") in ("0", "00")
    s = _literal_str(node)
    return s is not None and s.strip() == "0"


def _int_value(node: cst.CSTNode | None) -> int | None:
    if type(node) is cst.Integer:
        try:
            value = int(node.value.replace("_", ""), 0)
        except ValueError:
            return None
        return value if 0 < value < 65536 else None
    s = _literal_str(node)
    if s is not None and s.strip().isdigit():
        value = int(s.strip())
        return value if 0 < value < 65536 else None
    return None


def _dict_port(d: cst.Dict) -> tuple[int | None, cst.CSTNode | None] | None:
    for el in d.elements:
        if type(el) is cst.DictElement:
            key = _literal_str(el.key)
            if key is not None and key.lower() == "port":
                return (_int_value(el.value), el.value)
    return None


def _param_port(params: cst.Parameters) -> tuple[int | None, cst.CSTNode | None] | None:
    for p in (*params.posonly_params, *params.params, *params.kwonly_params):
        if p.name.value.lower() == "port" and p.default is not None:
            return (_int_value(p.default), p.default)
    return None


def _position(call: cst.Call, arg: cst.Arg) -> int | None:
    """The positional index of ``arg`` (None for keyword or after a *args)."""
    if arg.keyword is not None or arg.star:
        return None
    index = 0
    for a in call.args:
        if a is arg:
            return index
        if a.star:
            return None
        if a.keyword is None:
            index += 1
    return None


def _matches(ref: Any, arg: cst.Arg, pos: int | None) -> bool:
    if arg.keyword is not None:
        return ref.keyword is not None and ref.keyword == arg.keyword.value
    return pos is not None and ref.position is not None and ref.position == pos


def _find_arg(call: cst.Call, ref: Any) -> cst.Arg | None:
    index = 0
    positional_ok = True
    for a in call.args:
        if a.keyword is not None:
            if ref.keyword is not None and a.keyword.value == ref.keyword:
                return a
            continue
        if a.star:
            positional_ok = False
            continue
        if positional_ok and ref.position is not None and index == ref.position:
            return a
        index += 1
    return None


def _target_names(target: cst.CSTNode, value: cst.CSTNode | None, child: cst.CSTNode) -> list[str]:
    """Names an assignment target gives the value at ``child``."""
    kind = type(target)
    if kind is cst.Name:
        return [target.value]
    if kind is cst.Attribute:
        name = _dotted(target)
        return [name] if name else [target.attr.value]
    if kind is cst.Subscript:
        if len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
            key = _literal_str(target.slice[0].slice.value)
            if key is not None:
                return [key]
        return []
    if kind in (cst.Tuple, cst.List) and type(value) in (cst.Tuple, cst.List):
        if len(target.elements) == len(value.elements):
            for t_el, v_el in zip(target.elements, value.elements):
                if v_el is child or v_el.value is child:
                    return _target_names(t_el.value, v_el.value, child)
    return []


# --------------------------------------------------------------------------- API


def extract_python(source: str, path: str, knowledge: Any, *, include_all_hosts: bool = True,
                   lines: frozenset[int] | None = None, whole: bool = False) -> FileResult:
    """Connect targets, bind addresses and suppression comments of one Python file.

    ``path`` is used for the spans (posix, relative to the project root).  A file that
    does not parse gives a FileResult with one FileError and no endpoints.  With
    ``include_all_hosts=False`` only hosts with a fixed meaning are returned (loopback,
    unspecified, IPs, Docker host aliases), not service / DNS names.  ``lines`` (from the
    prefilter): only statements on these lines can hold what a rule reports, so only they
    (and what gives them context, see ``focus.py``) are parsed by LibCST; endpoints
    elsewhere are not returned.  In a file of ``MASK_MIN_CHARS`` or more, CPython parses
    only what ``focus`` can use (``skeleton.py``), unless ``whole``: then the whole file,
    and a syntax error anywhere in it is reported.
    """
    if source.startswith("\ufeff"):
        source = source[1:]
    if is_python_template(source):
        return FileResult(path)  # a cookiecutter / Jinja template: rendered, not run as written
    from dockwise.extract.limits import MASK_MIN_CHARS, MAX_SOURCE_CHARS, bound, inspect

    # LibCST would crash or take minutes on some input: bound what it is given
    masked = None
    if lines is not None and not whole and MASK_MIN_CHARS <= len(source) <= MAX_SOURCE_CHARS:
        from dockwise.extract.skeleton import mask

        masked = mask(source, lines)
        if masked is not None:
            refused, tree = inspect(masked, path or "<unknown>", measure=False)
            if tree is None:  # CPython rejects what is left: the whole file decides
                masked = None
    if masked is None:
        refused, tree = inspect(source, path or "<unknown>", measure=lines is None)
        if refused is None and tree is not None and path:
            from dockwise.flow.index import offer_tree

            offer_tree(path, source, tree)  # the judge follows this file's values next: one parse
    else:
        source = masked
    if refused is None and lines is not None and tree is not None:
        from dockwise.extract.focus import focus

        source, parsed, line_map = focus(source, tree, lines)
        del tree
        refused = bound(parsed)
    else:
        line_map = None
    if refused is not None:
        if is_template_text(source):
            return FileResult(path)  # markup that does not parse: a template
        return FileResult(path, errors=(FileError(path, *refused),))
    ex = _Extractor(source, path, knowledge, include_all_hosts, line_map)
    return ex.run()
