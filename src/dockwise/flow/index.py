"""One Python module as CPython's ``ast`` sees it, with the lookups value-following needs.

``ModuleAst`` parses a module once and answers: the parent of a node, the scope a node is
in, the qualified name of a call (import aliases and ``x = Client(...)`` variables
resolved), the loads of a name in a scope, the string literal at a source position, and
the module's functions and classes.  CPython's parser is an order of magnitude faster than
LibCST; LibCST stays where exact edits are needed (the fixer).
"""
from __future__ import annotations

import ast
import bisect
import re
from typing import Any, Callable, Iterator

from dockwise.astnames import dotted
from dockwise.pysyntax import older
from dockwise.words import lines_with_whole

__all__ = ["ModuleAst", "assigns", "parse_module"]

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Module)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
Function = ast.FunctionDef | ast.AsyncFunctionDef


class ModuleAst:
    """A parsed module, indexed lazily.

    Building walks only the statements (imports, definitions, ``x = Client(...)``); the
    expressions of a statement (their parents, name loads, string literals) are indexed the
    first time a lookup needs them: the statements on the lines that name a word, or on the
    line of a string.  Most modules are asked about one or two names, so most of their
    expressions are never visited.
    """

    def __init__(self, rel: str, text: str, tree: ast.Module, module: str | None = None) -> None:
        self.rel = rel
        self.text = text
        self.tree = tree
        self.module = module  # dotted name, when known
        self.parents: dict[int, ast.AST] = {}
        self.imports: dict[str, str] = {}  # local name -> qualified name
        self.star_imports: list[str] = []  # the modules of its `from m import *` statements
        # the values a qualified name is bound to in its module (set by the flow that parses
        # this module, which resolves modules): an imported constant read by a gate
        self.imported: Callable[[str], list[ast.AST]] | None = None
        # the module those values are bound in, whose names they read (set by the flow)
        self.imported_home: Callable[[str], ModuleAst | None] | None = None
        # the class of a module-level instance a qualified name is bound to in its module
        # (`config = Config(".env")` there): an environment reader a gate calls by that name
        self.imported_type: Callable[[str], str | None] | None = None
        # the module-level class a qualified name is bound to in its module (`class Base` of
        # pkg.interfaces, with that module), where the flow that parses this module reads it
        self.imported_class: Callable[[str], tuple[ModuleAst, ast.ClassDef] | None] | None = None
        # the module-level function a qualified name is bound to in its module (`def get_bool`
        # of pkg.env, with that module): a project's wrapper of an environment reader
        self.imported_function: Callable[[str], tuple[ModuleAst, ast.AST] | None] | None = None
        # the class of the module-level instance a qualified name is bound to (`conf = Conf()`
        # of pkg.values, handed on by pkg's `from .values import conf`), with its module
        self.imported_instance: Callable[[str], tuple[ModuleAst, ast.ClassDef] | None] | None = None
        # where a framework setting (`settings.NAME` of django.conf) is bound at the top level
        # of the settings modules searched: (that module, the value), set by the flow
        self.setting_values: Callable[[str], list[tuple[ModuleAst, ast.AST]]] | None = None
        # `settings.flag` of an instance of a settings class (pydantic's BaseSettings): its
        # field as an environment term ("env", VARIABLE, default, transforms), set by the flow.
        # Called with this module: a hook that held the module itself (a lambda's default) made
        # a reference cycle, and every module the judge let go of stayed in memory until the
        # cyclic collector ran (150 syntax trees, 100 MB, on the benchmark's sdists)
        self.settings_field: Callable[[ModuleAst, ast.AST], tuple | None] | None = None
        self.var_types: dict[str, str] = {}  # x = pkg.Client(...) -> x: "pkg.Client"
        # x = pkg.Client(...) -> every (statement, constructor call) that binds x so
        self.var_ctors: dict[str, list[tuple[ast.stmt, ast.Call]]] = {}
        self.functions: dict[str, list[ast.AST]] = {}  # name -> defs (any depth)
        self.classes: dict[str, ast.ClassDef] = {}
        self.class_defs: list[ast.ClassDef] = []  # every class statement, at any depth
        self._strings: list[tuple[tuple[int, int], tuple[int, int], ast.AST]] = []
        self._starts: list[tuple[int, int]] = []
        self._sorted = True
        self._loads: dict[str, list[ast.Name]] = {}
        self._attr_loads: dict[str, list[ast.Attribute]] = {}
        # ast's columns are UTF-8 bytes: only a module that is not ASCII needs its lines to
        # convert them (split when first asked; a copy of every text took megabytes)
        self.ascii = text.isascii()
        self._lines: list[str] | None = None
        self._bind_memo: dict[tuple[int, str], bool] = {}
        # (scope id, statement id) -> the code deciding whether the statement runs, or None
        # (flow/gates.py _reach, flow/reach.py), built once per statement
        self.reach_programs: dict[tuple[int, int], Any] = {}
        # top-level statements, by first line (a decorated definition starts at its decorator)
        self._tops: list[ast.stmt] = list(tree.body)
        self._top_lines = [_lines(t)[0] for t in self._tops]
        self._own_done: set[int] = set()
        self._lines_done: set[int] = set()
        self._words_done: set[str] = set()
        self._all_done = False
        self._word_lines: dict[str, list[int]] = {}
        self._called: frozenset[str] | None = None  # see called_names
        self._builtin_memo: dict[str, bool] = {}  # see builtin_here
        self._statements()

    # -- building -----------------------------------------------------------------------
    def _statements(self) -> None:
        """Walk the statements only: parents of statements, imports, definitions, and the
        variables a constructor call assigns."""
        parents = self.parents
        assigns: list[Any] = []
        stack: list[ast.AST] = [self.tree]
        while stack:
            node: Any = stack.pop()  # dispatched on type(node) below, which mypy cannot narrow
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                for child in getattr(node, field, None) or ():
                    parents[id(child)] = node
                    stack.append(child)
            kind = type(node)
            if kind is ast.Import:
                for alias in node.names:
                    if alias.asname:
                        self.imports[alias.asname] = alias.name
                    else:
                        head = alias.name.split(".", 1)[0]
                        self.imports.setdefault(head, head)
            elif kind is ast.ImportFrom:
                base = self.import_base(node)
                for alias in node.names:
                    if alias.name == "*":
                        if base and base not in self.star_imports:
                            self.star_imports.append(base)
                        continue
                    self.imports[alias.asname or alias.name] = f"{base}.{alias.name}" if base else alias.name
            elif kind in FUNCTIONS:
                self.functions.setdefault(node.name, []).append(node)
            elif kind is ast.ClassDef:
                self.classes.setdefault(node.name, node)
                self.class_defs.append(node)
            elif kind is ast.Assign or kind is ast.AnnAssign or kind is ast.With or kind is ast.AsyncWith:
                assigns.append(node)
        # after every import is known, so aliases resolve the same wherever they are imported
        for node in sorted(assigns, key=lambda n: (n.lineno, n.col_offset)):
            pairs: list[tuple[ast.expr, ast.expr | None]]
            if isinstance(node, ast.Assign):
                pairs = [(node.targets[0], node.value)] if len(node.targets) == 1 else []
            elif isinstance(node, ast.AnnAssign):
                pairs = [(node.target, node.value)]
            else:
                pairs = [(item.optional_vars, item.context_expr) for item in node.items
                         if item.optional_vars is not None]
            for target, value in pairs:
                if isinstance(value, ast.Call):
                    name = dotted(target)
                    q = self.qname(value.func) if name else None
                    if name and q:
                        self.var_types.setdefault(name, q)
                        self.var_ctors.setdefault(name, []).append((node, value))

    def _index_own(self, stmt: ast.AST) -> None:
        """Index a statement's own expressions (a ``def``'s decorators and defaults, an
        ``if``'s test, an assignment's targets and value), not the statements of its bodies."""
        if id(stmt) in self._own_done:
            return
        self._own_done.add(id(stmt))
        parents = self.parents
        strings = self._strings
        loads = self._loads
        attr_loads = self._attr_loads
        stack: list[ast.AST] = []
        for part in _own_parts(stmt):
            parents[id(part)] = stmt
            stack.append(part)
        while stack:
            node: Any = stack.pop()
            for child in ast.iter_child_nodes(node):
                parents[id(child)] = node
                stack.append(child)
            kind = type(node)
            if kind is ast.Name:
                if isinstance(node.ctx, ast.Load):
                    loads.setdefault(node.id, []).append(node)
            elif kind is ast.Attribute:
                if isinstance(node.ctx, ast.Load):
                    attr_loads.setdefault(node.attr, []).append(node)
            elif kind is ast.Constant:
                if isinstance(node.value, str) and hasattr(node, "end_lineno"):
                    strings.append(((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset), node))
                    self._sorted = False
            elif kind is ast.JoinedStr:
                strings.append(((node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset), node))
                self._sorted = False

    def _path(self, line: int) -> list[ast.AST]:
        """The statements whose lines hold ``line`` (1-based): a top-level one, the statement
        of its body that holds the line, and so on (siblings on one line: each of them)."""
        out: list[ast.AST] = []
        k = bisect.bisect_right(self._top_lines, line) - 1
        stack: list[ast.AST] = []
        while k >= 0:
            first, last = _lines(self._tops[k])
            if last < line:
                break
            stack.append(self._tops[k])
            if first < line:
                break  # an earlier statement on this line would end before it
            k -= 1
        while stack:
            node: Any = stack.pop()
            out.append(node)
            for field in _BODIES:
                for child in getattr(node, field, None) or ():
                    first, last = _lines(child)
                    if first <= line <= last:
                        stack.append(child)
        return out

    def top_function(self, name: str) -> ast.AST | None:
        """The module-level ``def name`` (the last one: it is the one bound), or None."""
        found = [s for s in self.tree.body if isinstance(s, FUNCTIONS) and s.name == name]
        return found[-1] if found else None

    def top_class(self, name: str) -> ast.ClassDef | None:
        """The module-level ``class name``, or None (``classes`` holds classes at any depth)."""
        return next((s for s in self.tree.body if isinstance(s, ast.ClassDef) and s.name == name), None)

    def top_statement(self, line: int) -> ast.AST | None:
        """The top-level statement whose lines hold ``line`` (1-based), or None."""
        path = self._path(line)
        return path[0] if path else None

    def statement_at(self, line: int) -> ast.AST | None:
        """The innermost statement whose lines hold ``line`` (1-based), or None."""
        path = self._path(line)
        return path[-1] if path else None

    def builtin_here(self, name: str) -> bool:
        """The builtin ``name`` (``set``, ``list``, ``open``) is what the name calls in this
        module: the module neither imports nor defines it, has no star import that might, and
        binds it nowhere by assignment, ``as`` or as a parameter (a search of its text,
        remembered per name).  A project function of that name elsewhere (a secrets module's
        ``def set``) is not what runs."""
        hit = self._builtin_memo.get(name)
        if hit is None:
            hit = not (name in self.imports or name in self.functions or name in self.classes
                       or self.star_imports) and re.search(
                rf"(?<![\w.]){re.escape(name)}\s*(?::[^=\n]*)?=(?!=)|\bas\s+{re.escape(name)}\b"
                rf"|[(,]\s*{re.escape(name)}\s*[:,)=]", self.text) is None
            self._builtin_memo[name] = hit
        return hit

    def called_names(self) -> frozenset[str]:
        """The names the module calls anywhere (``f(...)``, ``obj.f(...)``): the last name of
        each call.  Walked once per module: asked for each class a climb meets."""
        if self._called is None:
            self._called = frozenset(node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                                     for node in ast.walk(self.tree) if isinstance(node, ast.Call)
                                     and isinstance(node.func, (ast.Attribute, ast.Name)))
        return self._called

    def _index_line(self, line: int) -> None:
        if line not in self._lines_done:
            self._lines_done.add(line)
            for stmt in self._path(line):
                self._index_own(stmt)

    def _index_all(self) -> None:
        if not self._all_done:
            self._all_done = True
            stack: list[ast.AST] = list(self._tops)
            while stack:
                node: Any = stack.pop()
                self._index_own(node)
                for field in _BODIES:
                    stack.extend(getattr(node, field, None) or ())

    def _lines_with(self, word: str) -> list[int]:
        """The lines (1-based) where ``word`` appears as a whole identifier."""
        hit = self._word_lines.get(word)
        if hit is None:
            hit = self._word_lines[word] = lines_with_whole(self.text, word)
        return hit

    def _index_word(self, word: str) -> None:
        """Index the statements on every line that names ``word``."""
        if word not in self._words_done:
            self._words_done.add(word)
            for line in self._lines_with(word):
                self._index_line(line)

    def import_base(self, node: ast.ImportFrom) -> str:
        """The dotted module a ``from ... import`` statement reads (relative ones resolved)."""
        return self._relative_base(node.level, node.module or "") if node.level else (node.module or "")

    def _relative_base(self, level: int, module: str) -> str:
        if not self.module:
            return module
        parts = self.module.split(".")
        is_pkg = self.rel.endswith("__init__.py")
        base = parts if is_pkg else parts[:-1]
        if level > 1:
            base = base[: len(base) - (level - 1)] if level - 1 <= len(base) else []
        out = ".".join(base)
        return f"{out}.{module}" if module and out else (module or out)

    # -- lookups ------------------------------------------------------------------------
    def parent(self, node: ast.AST) -> ast.AST | None:
        p = self.parents.get(id(node))
        if p is None and node is not self.tree:
            self._index_for(node)
            p = self.parents.get(id(node))
        return p

    def _index_for(self, node: ast.AST) -> None:
        """Index the statements around a node found without the index (by ``ast.walk``)."""
        line = getattr(node, "lineno", None)
        if line is not None:
            self._index_line(line)
        if id(node) not in self.parents:
            self._index_all()  # no position (``ast.arguments``, a comprehension): index everything

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        p = self.parent(node)
        while p is not None:
            yield p
            p = self.parents.get(id(p))

    def scope(self, node: ast.AST) -> ast.AST:
        for p in self.ancestors(node):
            if isinstance(p, SCOPES):
                return p
        return self.tree

    def local_import(self, node: ast.AST, name: str) -> str | None:
        """The qualified name an import inside the function holding ``node`` binds ``name`` to
        where ``node`` reads it: the last such import before it in a block that holds it
        (``if kind == "mysql": from .mysql import Store; Store(...)``), or None (the module's
        own imports decide).  A function that imports one name from several modules in its
        branches calls a different object in each."""
        func = self.function_of(node)
        if func is None:
            return None
        line = getattr(node, "lineno", 0)
        holders = {id(p) for p in self.ancestors(node)}
        best: tuple[int, str] | None = None
        for stmt in ast.walk(func):
            if not isinstance(stmt, (ast.Import, ast.ImportFrom)) or stmt.lineno >= line \
                    or id(self.parents.get(id(stmt))) not in holders:
                continue
            for alias in stmt.names:
                if isinstance(stmt, ast.ImportFrom) and (alias.asname or alias.name) == name:
                    base = self.import_base(stmt)
                    qual = f"{base}.{alias.name}" if base else alias.name
                elif isinstance(stmt, ast.Import) and alias.asname == name:
                    qual = alias.name
                else:
                    continue
                if best is None or stmt.lineno > best[0]:
                    best = (stmt.lineno, qual)
        return best[1] if best else None

    def function_of(self, node: ast.AST) -> Function | None:
        for p in self.ancestors(node):
            if isinstance(p, FUNCTIONS):
                return p
            if isinstance(p, ast.ClassDef):
                return None
        return None

    def class_of(self, node: ast.AST) -> ast.ClassDef | None:
        for p in self.ancestors(node):
            if isinstance(p, ast.ClassDef):
                return p
        return None

    def qname(self, expr: ast.AST, call: bool = False) -> str | None:
        """``expr``'s dotted name with import aliases and variable types resolved."""
        parts: list[str] = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        parts.reverse()
        if isinstance(expr, ast.Name):
            head = expr.id
            if head in self.imports:
                return ".".join([self.imports[head], *parts])
            names = [head, *parts]
            for i in range(len(names), 0, -1):
                key = ".".join(names[:i])
                typ = self.var_types.get(key)
                if typ is not None:
                    rest = names[i:]
                    if not rest and call:
                        rest = ["__call__"]
                    return ".".join([typ, *rest])
            return ".".join(names)
        if isinstance(expr, ast.Call):
            inner = self.qname(expr.func)
            return ".".join([inner, *parts]) if inner else None
        return None

    def calls_on_lines(self, lines: list[int]) -> Iterator[ast.Call]:
        """The calls in the statements on ``lines`` (1-based; a statement's own expressions,
        not its bodies): the calls a search already placed by the text (a server call's
        name on its line), without walking the whole module."""
        seen: set[int] = set()
        for line in lines:
            for stmt in self._path(line):
                if id(stmt) in seen:
                    continue
                seen.add(id(stmt))
                for part in _own_parts(stmt):
                    for node in ast.walk(part):
                        if isinstance(node, ast.Call):
                            yield node

    def loads(self, name: str) -> list[ast.Name]:
        self._index_word(name)
        return self._loads.get(name, [])

    def attr_loads(self, attr: str) -> list[ast.Attribute]:
        self._index_word(attr)
        return self._attr_loads.get(attr, [])

    def expressions_naming(self, word: str) -> list[ast.AST]:
        """The expressions of the statements on the lines that name ``word`` (indexed)."""
        self._index_word(word)
        out: dict[int, ast.AST] = {}
        for line in self._lines_with(word):
            for stmt in self._path(line):
                for part in _own_parts(stmt):
                    out.setdefault(id(part), part)
        return list(out.values())

    def loads_in(self, scope: ast.AST, name: str) -> list[ast.Name]:
        """Loads of ``name`` that see the binding of ``scope`` (not rebound by an inner function)."""
        return [n for n in self.loads(name) if self.binding_scope(n, name) is scope]

    def binding_scope(self, node: ast.AST, name: str) -> ast.AST:
        """The function whose binding of ``name`` a load at ``node`` sees (else the module)."""
        for p in self.ancestors(node):
            if isinstance(p, FUNCTIONS + (ast.Lambda,)) and self._binds(p, name):
                return p
        return self.tree

    def _binds(self, func: ast.AST, name: str) -> bool:
        key = (id(func), name)
        hit = self._bind_memo.get(key)
        if hit is None:
            hit = self._bind_memo[key] = _binds(func, name)
        return hit

    def line_text(self, line: int) -> str | None:
        """The text of a 1-based line, or None past the module's end."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines[line - 1] if 1 <= line <= len(self._lines) else None

    def byte_col(self, line: int, char_col: int) -> int:
        """The UTF-8 byte offset of a 0-based character column (ast's columns are bytes)."""
        if not self.ascii:
            text = self.line_text(line)
            if text is not None and not text.isascii():
                return len(text[:char_col].encode("utf-8"))
        return char_col

    def string_at(self, line: int, column: int) -> ast.AST | None:
        """The outermost string expression (a literal, an f-string) holding the character at
        ``line``/``column`` (1-based, characters)."""
        self._index_line(line)
        if not self._sorted:
            self._strings.sort(key=lambda t: t[0])
            self._starts = [s for s, _, _ in self._strings]
            self._sorted = True
        pos = (line, self.byte_col(line, column - 1))
        k = bisect.bisect_right(self._starts, pos)
        best: Any = None
        for i in range(k - 1, max(-1, k - 64), -1):
            start, end, node = self._strings[i]
            if start <= pos < end or (start <= pos and end[0] > pos[0]):
                if best is None or (start <= (best.lineno, best.col_offset)):
                    best = node
        if best is None:
            return None
        # an f-string's parts: the f-string itself is the value
        for p in self.ancestors(best):
            if isinstance(p, ast.JoinedStr):
                best = p
            elif not isinstance(p, ast.FormattedValue):
                break
        return best


_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def _lines(stmt: Any) -> tuple[int, int]:
    """A statement's first and last line (a decorated definition starts at its decorator; a
    ``case`` of a ``match`` at its pattern)."""
    if isinstance(stmt, ast.match_case):
        return stmt.pattern.lineno, max(stmt.body[-1].end_lineno or 0, stmt.pattern.lineno)
    first = stmt.lineno
    for dec in getattr(stmt, "decorator_list", None) or ():
        first = min(first, dec.lineno)
    return first, stmt.end_lineno or first


def _own_parts(stmt: ast.AST) -> Iterator[ast.AST]:
    """A statement's child nodes that are not statements of its bodies."""
    for field, value in ast.iter_fields(stmt):
        if field in _BODIES:
            continue
        if isinstance(value, list):
            for v in value:
                if isinstance(v, ast.AST):
                    yield v
        elif isinstance(value, ast.AST):
            yield value


def _binds(func: ast.AST, name: str) -> bool:
    args = getattr(func, "args", None)
    if args is not None:
        for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if a is not None and a.arg == name:
                return True
    return assigns(func, name)


def assigns(node: ast.AST, name: str) -> bool:
    """Code under ``node`` (a function's body) stores ``name``: an assignment, an augmented or
    annotated one, a walrus, a loop's or a ``with``'s target; its parameters do not count."""
    return any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id == name for n in ast.walk(node))


# The syntax tree the extractor just made of a whole file, for the judge that follows its values
# next in the same process (the judged file's own module): (path, text, tree).  One slot: the
# judge asks for that module right after the file is extracted.
_OFFERED: tuple[str, str, ast.Module] | None = None


def offer_tree(rel: str, text: str, tree: ast.Module) -> None:
    """The extractor's CPython tree of the whole of ``text`` (never a masked or focused one)."""
    global _OFFERED
    _OFFERED = (rel, text, tree)


def parse_module(rel: str, text: str, module: str | None = None) -> ModuleAst | None:
    """``ModuleAst`` of a module's text, or None when CPython cannot parse it."""
    import warnings

    global _OFFERED
    offered = _OFFERED
    if offered is not None and offered[0] == rel and offered[1] == text:
        _OFFERED = None
        try:
            return ModuleAst(rel, text, offered[2], module)
        except RecursionError:
            return None
    tree = None
    source = text
    rewritten = False
    for _ in range(4):  # a statement that does not parse is left out, so the rest can be followed
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(source, rel or "<unknown>")
            break
        except SyntaxError as err:
            lines = source.split("\n")
            if not rewritten:
                # first what a newer Python's syntax says in an older one's, every line at once
                rewritten = True
                earlier = older(source)
                if earlier is not None:
                    source = earlier
                    continue
            if not err.lineno or not 1 <= err.lineno <= len(lines):
                return None
            bad = lines[err.lineno - 1]
            indent = bad[: len(bad) - len(bad.lstrip())]
            if bad.strip() in ("", "pass"):
                return None
            lines[err.lineno - 1] = indent + "pass"
            source = "\n".join(lines)
        except (ValueError, RecursionError, MemoryError):
            return None
    if tree is None:
        return None
    try:
        return ModuleAst(rel, text, tree, module)
    except RecursionError:
        return None
