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
``*Warning``; not the argument of a client call whose result a message call takes,
``print(requests.get(url).json())``), ``raise`` / ``assert``, comparisons and ``match`` patterns, subscripts, dict
keys, annotations, decorators, ``__all__``, receivers of string methods other than
split/strip/format, names classified as advertised or data (anywhere up to the
statement), sets / lists of loopback spellings (guards) and long word lists, and hosts
``hostkind.host_kind`` calls invalid or ``*.localhost``.

Speed: positions come from a sequential search of each string / comment token in the
source (LibCST visits in lexical order and code outside tokens holds no quote or ``#``),
which is exact and much cheaper than ``PositionProvider``; the provider is only used as a
fallback when the search loses its way.  The tree is walked with a hand-rolled iterative
traversal (field order learnt once per node type from LibCST itself) instead of
``CSTVisitor``, which rebuilds every node it visits.
"""
from __future__ import annotations

import re
from typing import Any

import libcst as cst

from dockwise.extract import limits, skeleton, tabindent
from dockwise.extract.focus import focus
from dockwise.extract.limits import bound, clamp_position, inspect, refusal
from dockwise.extract.pyemit import Emitting
from dockwise.extract.pynodes import (
    FIELD_ORDER,
    config_prefix,
    dotted_name,
    field_order,
    literal_str,
    own_operands,
    stringish,
)
from dockwise.extract.pypositions import Positions, _Desync
from dockwise.extract.pysites import SiteJudging
from dockwise.extract.pytables import key_form, python_tables
from dockwise.extract.pytext import LocatedText
from dockwise.flow.index import offer_tree
from dockwise.model import Endpoint, FileError, FileResult
from dockwise.suppress import parse_suppression_comment
from dockwise.templating import is_python_template, is_template_text

__all__ = ["extract_python"]


_EXIT = object()  # marks the end of a node's children on the walk's stack
# leaves that hold no string or comment (commas, colons... do: comments after a line break)
_BARE = frozenset({cst.SimpleWhitespace, cst.Newline})


class _Extractor(Positions, LocatedText, SiteJudging, Emitting):
    """One file's extraction: the walk and the names it learns here; positions, located
    text, judging sites and emitting endpoints come from the mixins."""

    def __init__(self, source: str, path: str, knowledge: Any, include_all_hosts: bool,
                 line_map: list[int] | None = None, whole_source: str | None = None) -> None:
        self.source = source
        self.whole_source = source if whole_source is None else whole_source  # before focus and mask
        self.line_map = line_map  # the original line of each line of ``source`` (focus.py)
        self.path = path
        self.knowledge = knowledge
        self.names = knowledge.names
        self.tables = python_tables(knowledge)
        self.include_all = include_all_hosts
        self.module: cst.Module | None = None
        self._starts: list[int] | None = None
        # sequential token search
        self.cursor = 0
        self.tok_starts: list[int] = []
        self.tok_ends: list[int] = []
        self.offsets: dict[cst.CSTNode, int] = {}
        self.cursors: dict[cst.CSTNode, tuple[int, int]] = {}  # the search's (cursor, integers seen) at a node
        self.positions: Any = None  # PositionProvider results after a desync
        self.tab_shifts: dict[int, tuple[int, int]] | None = None
        # collected during the walk
        self.candidates: list[tuple[cst.CSTNode, tuple[cst.CSTNode, ...]]] = []
        self.default_calls: list[tuple[cst.Call, tuple[cst.CSTNode, ...]]] = []
        self._calls_seen: dict[tuple[int, str], int] = {}  # (cursor, callee's code): default calls placed from it
        self.comments: list[tuple[cst.Comment, int]] = []
        self.imports: dict[str, str] = {}
        self.assigned: list[tuple[str, cst.BaseExpression]] = []
        self.var_types: dict[str, str | None] = {}
        self.classes: list[cst.ClassDef] = []
        self.settings: dict[cst.ClassDef, str] = {}  # settings class -> env_prefix
        # settings classes whose fields' Field(env=...) names no variable (pydantic-settings v2)
        self.field_env_ignored: set[cst.ClassDef] = set()
        # a settings field's first environment variable -> its other ones (AliasChoices)
        self.alias_choices: dict[str, tuple[str, ...]] = {}
        self.flask_imported = False
        self.endpoints: list[Endpoint] = []
        self._dict_ports: dict[int, Any] = {}
        self._seen: dict[str, int] = {}  # integers met since the last token: value -> count
        self._guards: dict[int, bool] = {}
        self._sidecar_names: frozenset[str] | None = None  # names bound to a sidecar's port variable


    # ------------------------------------------------------------------ walk
    def run(self) -> FileResult:
        try:
            module = cst.parse_module(self.source)
        except (cst.ParserSyntaxError, cst.CSTValidationError, ValueError, RecursionError, MemoryError) as exc:
            # ValueError: a lone surrogate; CSTValidationError: a name CPython rejects (a character
            # newer than its Unicode tables) that LibCST's parser took
            if is_template_text(self.source):
                return FileResult(self.path)  # markup that does not parse: a template
            retried = self._parse_tabs_expanded() if isinstance(exc, cst.ParserSyntaxError) else None
            if retried is None:
                return FileResult(self.path, errors=(self._syntax_error(exc),))
            module = retried
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
            if not isinstance(codes, bool):  # False: no suppression (never True)
                sups.append((line, codes))
        self.endpoints.sort(key=lambda e: (e.span.line, e.span.column))
        return FileResult(self.path, tuple(self.endpoints), tuple(sups))

    def _parse_tabs_expanded(self) -> cst.Module | None:
        """The module parsed with its indentation's tabs expanded, where CPython reads the file
        and only LibCST's tokenizer refuses its mix of tabs and spaces (``tabindent.py``);
        positions are then moved back to the file's columns."""
        expanded = tabindent.expand(self.source)
        if expanded is None:
            return None
        import ast
        import warnings

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(self.source, self.path or "<unknown>")
            module = cst.parse_module(expanded[0])
        except (SyntaxError, cst.ParserSyntaxError, cst.CSTValidationError, ValueError, RecursionError, MemoryError):
            return None
        self.source, self.tab_shifts, self._starts = expanded[0], expanded[1], None
        return module

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
            line, column = clamp_position(self.source, err.lineno, err.offset)
            return FileError(self.path, f"syntax error: {err.msg}", self.orig(line) if line else line, column)
        except (RecursionError, MemoryError, ValueError):
            pass
        if isinstance(exc, RecursionError):
            return FileError(self.path, "syntax error: too deeply nested to parse", kind="limit")
        text = str(getattr(exc, "message", "") or exc).strip()
        m = re.search(r"error at (\d+):(\d+): (.*)", text)
        if m:
            line, column = clamp_position(self.source, int(m.group(1)), int(m.group(2)))
            return FileError(self.path, f"syntax error: {m.group(3)}", self.orig(line) if line else line, column)
        return FileError(self.path, f"syntax error: {text.splitlines()[0] if text else type(exc).__name__}")

    def _walk(self, module: cst.Module) -> None:
        anchoring = True
        owned: set[int] = set()  # ids of the operands of a string expression already taken
        anc: list[cst.CSTNode] = []
        stack: list[Any] = [module]
        exit_, order, default = _EXIT, FIELD_ORDER, cst.MaybeSentinel.DEFAULT
        candidates, offsets, cursors = self.candidates, self.offsets, self.cursors
        defaults = self.tables.default_methods
        SimpleString, FormattedString, Comment, Integer = cst.SimpleString, cst.FormattedString, cst.Comment, cst.Integer
        while stack:
            node = stack.pop()
            if node is exit_:
                anc.pop()
                continue
            kind = type(node)
            try:
                if kind is SimpleString or kind is FormattedString:
                    if anchoring:
                        if node.lpar:
                            self._paren_comments(node.lpar)
                        if kind is SimpleString:
                            offsets[node] = self._anchor(node.value)
                        else:
                            self._anchor_fstring(node)
                        if node.rpar:
                            self._paren_comments(node.rpar)
                    if id(node) not in owned:
                        candidates.append((node, tuple(anc)))
                    continue
                if kind is Comment:
                    self._comment(node, anchoring)
                    continue
                if kind is Integer:
                    self._integer(node, anchoring)
                    continue
            except _Desync:
                anchoring = False
                if self._desynced(node, kind, anc, owned):
                    continue
            if (kind is cst.ConcatenatedString or (kind is cst.BinaryOperation and stringish(node))):
                if id(node) not in owned:
                    candidates.append((node, tuple(anc)))
                    own_operands(node, owned)
            elif kind is cst.Call:
                func = node.func
                last = func.attr.value if type(func) is cst.Attribute else func.value if type(func) is cst.Name else None
                if last in defaults:
                    self.default_calls.append((node, tuple(anc)))
                    # calls of the same name with no string, comment or integer between them
                    # share the anchor: the span search skips the ones placed from it before
                    # (`return redis.Redis(host=h)` under an `if`, then `return redis.Redis()`)
                    key = (self.cursor, module.code_for_node(func).strip())
                    same = self._calls_seen.get(key, 0)
                    self._calls_seen[key] = same + 1
                    cursors[node] = (self.cursor, same)
            elif kind is cst.Import or kind is cst.ImportFrom:
                self._import(node)
            elif kind is cst.Assign or kind is cst.AnnAssign or kind is cst.WithItem:
                self._assigned_call(node, kind)
            elif kind is cst.ClassDef:
                self.classes.append(node)
            fields = order.get(kind)
            if fields is None:
                fields = field_order(node)
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
            self._comment_lines_from_positions()

    def _integer(self, node: cst.Integer, anchoring: bool) -> None:
        """Record where an integer stands: the anchor's cursor and how many equal integers
        came since it."""
        if anchoring and node.lpar:
            self._paren_comments(node.lpar)
        seen = self._seen.get(node.value, 0)
        self._seen[node.value] = seen + 1
        self.cursors[node] = (self.cursor, seen)
        if anchoring and node.rpar:
            self._paren_comments(node.rpar)

    def _comment(self, node: cst.Comment, anchoring: bool) -> None:
        """Record a comment with its line (0 until the positions give it, when not anchoring)."""
        if anchoring:
            p = self._anchor(node.value)
            self.comments.append((node, self.line_col(p)[0]))
        else:
            self.comments.append((node, 0))

    def _desynced(self, node: Any, kind: type, anc: list[cst.CSTNode], owned: set[int]) -> bool:
        """The anchor lost its place at leaf ``node``: record a string or comment without its
        position (True: done with it; False: walk on into ``node``)."""
        if kind is cst.SimpleString or kind is cst.FormattedString:
            if id(node) not in owned:
                self.candidates.append((node, tuple(anc)))
            return True
        if kind is cst.Comment:
            self.comments.append((node, 0))
            return True
        return False

    def _assigned_call(self, node: Any, kind: type) -> None:
        """``x = make()``, ``x: T = make()``, ``with make() as x``: remember the call ``x`` holds."""
        if kind is cst.Assign:
            if type(node.value) is cst.Call and len(node.targets) == 1:
                name = dotted_name(node.targets[0].target)
                if name:
                    self.assigned.append((name, node.value.func))
        elif kind is cst.AnnAssign:
            if type(node.value) is cst.Call:
                name = dotted_name(node.target)
                if name:
                    self.assigned.append((name, node.value.func))
        elif type(node.item) is cst.Call and node.asname is not None:  # a with item
            name = dotted_name(node.asname.name)
            if name:
                self.assigned.append((name, node.item.func))

    def _comment_lines_from_positions(self) -> None:
        """After the anchor lost its place: every comment's line from LibCST's positions."""
        self._use_provider()
        for comment_index, (comment, _) in enumerate(self.comments):
            rng = self.positions.get(comment)
            self.comments[comment_index] = (comment, self.orig(rng.start.line) if rng else 0)

    def _import(self, node: cst.Import | cst.ImportFrom) -> None:
        if isinstance(node, cst.Import):
            for alias in node.names:
                full = dotted_name(alias.name)
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
        base = dotted_name(node.module)
        if not base:
            return
        if base.split(".", 1)[0] == "flask":
            self.flask_imported = True
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            name = dotted_name(alias.name)
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
                if self._ignores_field_env(cls):
                    self.field_env_ignored.add(cls)

    def _ignores_field_env(self, cls: cst.ClassDef) -> bool:
        """``cls`` is built on a settings base whose ``Field(env=...)`` names no variable
        (``rules/flow.yaml`` field_env_ignored_bases), directly or through a class of the module."""
        for base in cls.bases:
            q = self.qname(base.value) or ""
            if self.knowledge.flow.field_env_ignored(q) or any(other.name.value == q for other in self.field_env_ignored):
                return True
        return False

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
            form = key_form(self.tables, name)
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
            if self.knowledge.flow.settings_base(q):
                is_settings = True
            else:
                for other, p in self.settings.items():
                    if other.name.value == q:
                        is_settings = True
                        prefix = p
        if not is_settings:
            return None
        for kw in cls.keywords:  # class Cache(BaseSettings, env_prefix="cache_"): pydantic v2 config
            if kw.keyword is not None and kw.keyword.value == "env_prefix":
                found = literal_str(kw.value)
                if found is not None:
                    prefix = found
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
                        found = literal_str(value) if target.value == "env_prefix" else config_prefix(value)
                        if found is not None:
                            prefix = found
            elif type(stmt) is cst.ClassDef and stmt.name.value == "Config":
                for inner in stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else ():
                    if type(inner) is cst.SimpleStatementLine:
                        for small in inner.body:
                            if type(small) is cst.Assign and len(small.targets) == 1:
                                t = small.targets[0].target
                                if type(t) is cst.Name and t.value == "env_prefix":
                                    found = literal_str(small.value)
                                    if found is not None:
                                        prefix = found
        return prefix or ""


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

    # LibCST would crash or take minutes on some input: bound what it is given
    whole_source = source
    masked = None
    # read through the modules: their bounds are the ones in force (tests lower them)
    if lines is not None and not whole and limits.MASK_MIN_CHARS <= len(source) <= limits.MAX_SOURCE_CHARS:
        masked = skeleton.mask(source, lines)
        if masked is not None:
            refused, tree = inspect(masked, path or "<unknown>", measure=False)
            if tree is None:  # CPython rejects what is left: the whole file decides
                masked = None
    if masked is None:
        refused, tree = inspect(source, path or "<unknown>", measure=lines is None)
        if refused is None and tree is not None and path:
            offer_tree(path, source, tree)  # the judge follows this file's values next: one parse
    else:
        source = masked
    unfocused = source
    if refused is None and lines is not None and tree is not None:
        source, parsed, line_map = focus(source, tree, lines)
        del tree
        refused = bound(parsed)
    else:
        line_map = None
    if refused is not None:
        if is_template_text(source):
            return FileResult(path)  # markup that does not parse: a template
        return FileResult(path, errors=(FileError(path, *refused, kind="limit"),))
    result = _Extractor(source, path, knowledge, include_all_hosts, line_map, whole_source).run()
    if line_map is not None and result.errors and refusal(unfocused, path or "<unknown>") is None:
        # CPython read the file, so an error in the focused statements is the focusing's
        # (a bug guard): read it unfocused, as a small file is
        return _Extractor(unfocused, path, knowledge, include_all_hosts, None, whole_source).run()
    return result
