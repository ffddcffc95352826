"""Hand LibCST only the statements that can hold a finding (the per-literal prefilter).

A file the byte prefilter keeps usually holds its candidate text (``localhost``, an IP, a
layout name, ``app.run(``) in a few statements: test files mention ``localhost`` in one
fixture among hundreds of functions.  LibCST's parse costs about 0.1 s per thousand
lines, so parsing the whole file for a few statements is most of a cold run.

``focus(source, tree, lines)`` takes CPython's AST of the file (which ``limits`` builds
anyway to bound LibCST's work) and the lines the prefilter found candidate text on, and
returns a smaller module: every other statement is replaced by ``pass`` or left out (a
whole compound statement when nothing inside it stays), headers that hold nothing the
extractor reads become ``def _():`` / ``if 1:``, and blank and comment-only lines between
statements go (LibCST makes a node of each).  Kept lines are byte-for-byte the same, and
``focus`` returns the original number of every line it keeps: the extractor maps its
spans, suppression comments and error positions back through it.  The nesting the
extractor walks through is intact.

Besides the statements on candidate lines, the extractor reads a little of the rest of
the module (``extract/python.py``: ``_import``, ``assigned`` / ``var_types``,
``_settings_prefix``, ``flask_imported``), and those statements stay too:

* imports that bind a name the kept code uses, and every import of ``flask``;
* the first ``x = call(...)`` / ``x: T = call(...)`` / ``with call() as x`` of each
  variable the kept code calls through (``x.run()``, ``self.x.connect(...)``): the
  extractor types a variable by its first such assignment;
* in class bodies, ``model_config = ...`` / ``env_prefix = ...`` (pydantic settings).

Decorators without candidate text go as well (the extractor never reads them).  Where a
statement shares a line with another one (``a = 1; b = 2``, ``if x: y = 1``) or does
not start its line, it stays.  Keep this list in step with the extractor:
``tests/test_focus.py`` runs every rule example and a body of real code both ways and
requires the same findings.
"""
from __future__ import annotations

import ast
import re

from dockwise.astnames import dotted as _dotted

__all__ = ["focus"]

_COMPOUND = (
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.AsyncFor, ast.While,
    ast.With, ast.AsyncWith, ast.Try, ast.Match,
) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_BLANK = re.compile(r"[ \t\x0c]*(?:#.*)?\Z")
_INDENT = " \t\x0c"
SETTINGS_NAMES = ("model_config", "env_prefix")  # pydantic settings fields the extractor reads


def _uses(node: ast.AST, into: set[str]) -> None:
    """The dotted names (each with its prefixes) the extractor resolves in ``node``: what
    the calls in it call (``a.b.c()``: ``a``, ``a.b``, ``a.b.c``)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            _prefixes(sub.func, into)


def _prefixes(node: ast.AST, into: set[str]) -> None:
    name = _dotted(node)
    if name:
        parts = name.split(".")
        into.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))


def _bound(stmt: ast.Import | ast.ImportFrom) -> list[str]:
    out = []
    for alias in stmt.names:
        if alias.asname:
            out.append(alias.asname)
        else:
            out.append(alias.name.split(".", 1)[0] if isinstance(stmt, ast.Import) else alias.name)
    return out


def focus(source: str, tree: ast.Module, lines: frozenset[int] | set[int]
          ) -> tuple[str, list[tuple[ast.AST, int]], list[int] | None]:
    """(``source`` with every statement that touches none of ``lines`` (1-based) and gives
    the kept ones no context replaced by ``pass`` or left out; the parts of ``tree`` left
    in it as (node, level), for ``limits.bound``; the original number of each of its lines,
    or None when it is ``source`` itself)."""
    if "\r" in source:  # CPython and ``split("\n")`` would count lines differently
        return source, [(tree, 1)], None
    text = source.split("\n")
    # phase 1: the simple statements to keep, and the names they read
    keep, used, assigns, imports = _keep_simple(tree, lines)
    _keep_context(keep, used, assigns, imports)
    # phase 2: replace what is not kept, whole compound statements where nothing inside
    # is kept (class headers stay: another class may inherit a settings base by name)
    drops, decorators, shorts, parsed = _replaced(tree, text, lines, keep)
    if not drops and not decorators and not shorts:
        return source, parsed, None
    # the lines inside what stays of a header or decorator (a string there may hold a blank
    # or "#..." line: part of the string, not a comment to leave out)
    inside: set[int] = set()
    for node, _ in parsed:
        start, end = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
        if start is not None and end is not None and end > start:
            inside.update(range(start + 1, end + 1))
    focused, line_map = _rewrite(text, lines, keep, drops, decorators, shorts, inside)
    return focused, parsed, line_map


def _touches(lines: frozenset[int] | set[int], first: int, last: int) -> bool:
    """Whether one of ``lines`` is in ``first``..``last``."""
    if last - first < 8:
        return any(n in lines for n in range(first, last + 1))
    return any(first <= n <= last for n in lines)


def _first_line(st: ast.stmt) -> int:
    """Where ``st`` starts: its first decorator's line, if any."""
    if isinstance(st, _DEFS) and st.decorator_list:
        return min(st.lineno, *(d.lineno for d in st.decorator_list))
    return st.lineno


def _keep_simple(tree: ast.Module, lines: frozenset[int] | set[int]
                 ) -> tuple[set[int], set[str], list[tuple[int, int, str, ast.AST]], list[ast.Import | ast.ImportFrom]]:
    """The lines of the simple statements to keep (those touching ``lines``, and settings
    fields), the dotted names they and the headers touching ``lines`` read, the
    assignments of a call to a name, and the imports."""
    keep: set[int] = set()  # lines that stay as they are
    used: set[str] = set()  # dotted names the kept code reads
    assigns: list[tuple[int, int, str, ast.AST]] = []  # (first, last, name, call): "name = call(...)"
    imports: list[ast.Import | ast.ImportFrom] = []
    stack: list[tuple[list, bool]] = [(tree.body, False)]  # (statements, in a class body)
    while stack:
        body, in_class = stack.pop()
        for st in body:
            first, last = _first_line(st), st.end_lineno or st.lineno
            if isinstance(st, _COMPOUND):
                if isinstance(st, ast.ClassDef):  # bases make settings classes
                    for base in st.bases:
                        _prefixes(base, used)
                        _uses(base, used)
                inner = st.cases[0].pattern if isinstance(st, ast.Match) else st.body[0]
                header_last = max(first, inner.lineno - 1)
                if _touches(lines, first, header_last):  # a header with candidate text
                    for field, value in ast.iter_fields(st):
                        if field not in _BODIES and isinstance(value, (ast.AST, list)):
                            for sub in value if isinstance(value, list) else (value,):
                                if isinstance(sub, ast.AST):
                                    _uses(sub, used)
                if isinstance(st, (ast.With, ast.AsyncWith)):  # "with call() as name" types name
                    for item in st.items:
                        name = _dotted(item.optional_vars) if item.optional_vars is not None else None
                        if name and isinstance(item.context_expr, ast.Call):
                            assigns.append((first, header_last, name, item.context_expr))
                for field in ("body", "orelse", "finalbody"):
                    block = getattr(st, field, None)
                    if block:
                        stack.append((block, field == "body" and isinstance(st, ast.ClassDef)))
                for handler in getattr(st, "handlers", ()):
                    stack.append((handler.body, False))
                for case in getattr(st, "cases", ()):
                    stack.append((case.body, False))
            elif isinstance(st, ast.Expr) and isinstance(st.value, (ast.Constant, ast.JoinedStr)):
                pass  # a docstring or a bare string statement: never a target
            else:
                if _touches(lines, first, last) or (in_class and _settings_field(st)):
                    keep.update(range(first, last + 1))
                    _uses(st, used)
                if isinstance(st, (ast.Assign, ast.AnnAssign)) and isinstance(st.value, ast.Call):
                    targets = st.targets if isinstance(st, ast.Assign) else [st.target]
                    name = _dotted(targets[0]) if len(targets) == 1 else None
                    if name:
                        assigns.append((first, last, name, st.value))
                elif isinstance(st, (ast.Import, ast.ImportFrom)):
                    imports.append(st)
    return keep, used, assigns, imports


def _keep_context(keep: set[int], used: set[str], assigns: list[tuple[int, int, str, ast.AST]],
                  imports: list[ast.Import | ast.ImportFrom]) -> None:
    """Add to ``keep`` the first assignment of a call to each name the kept code calls
    through (the extractor types a variable by its first such assignment, in source order),
    to a fixed point (the call is resolved too); then the imports of every name in use, and
    every import of flask."""
    firsts: dict[str, tuple[int, int, ast.AST]] = {}
    for first, last, name, call in sorted(assigns, key=lambda a: a[0]):
        firsts.setdefault(name, (first, last, call))
    done: set[str] = set()
    while True:
        todo = [name for name in used if name in firsts and name not in done]
        if not todo:
            break
        for name in todo:
            done.add(name)
            first, last, call = firsts[name]
            keep.update(range(first, last + 1))
            _uses(call, used)
    heads = {u.split(".", 1)[0] for u in used}
    for st in imports:
        if _imports_flask(st) or any(b in heads for b in _bound(st)):
            keep.update(range(st.lineno, (st.end_lineno or st.lineno) + 1))


def _replaced(tree: ast.Module, text: list[str], lines: frozenset[int] | set[int], keep: set[int]
              ) -> tuple[list[tuple[int, int, int]], list[ast.expr], list[tuple[int, int, str]], list[tuple[ast.AST, int]]]:
    """What to replace: the statements to drop (first line, last line, column), the
    decorators of the compound statements kept, the headers to shorten (first line, last
    line, the minimal header); and the parts of the tree left, as (node, level)."""
    drops: list[tuple[int, int, int]] = []  # (first line, last line, column)
    decorators: list[ast.expr] = []
    shorts: list[tuple[int, int, str]] = []  # (first line, last line, the minimal header)
    parsed: list[tuple[ast.AST, int]] = []
    stack2: list[tuple[list, int]] = [(tree.body, 2)]
    while stack2:
        body, level = stack2.pop()
        for st in body:
            first, last = _first_line(st), st.end_lineno or st.lineno
            line = text[first - 1]
            own = len(line) - len(line.lstrip(_INDENT)) == st.col_offset  # starts its line
            if isinstance(st, _COMPOUND):
                if own and not isinstance(st, ast.ClassDef) and not _touches(keep, first, last) and not _touches(lines, first, last):
                    drops.append((first, last, st.col_offset))
                    continue
                if isinstance(st, _DEFS):
                    decorators.extend(st.decorator_list)
                short = _short_header(st, text) if own else None
                # a short header exists only for a statement with a body (never a `match`)
                header_last = _first_line(st.body[0]) - 1 if short is not None else 0  # type: ignore[union-attr, unused-ignore]
                if short is not None and header_last >= st.lineno and not _touches(lines, st.lineno, header_last) \
                        and not _touches(keep, st.lineno, header_last):
                    # nothing in the header matters: a minimal one (LibCST parses less)
                    shorts.append((st.lineno, header_last, text[st.lineno - 1][:st.col_offset] + short))
                else:
                    for field, value in ast.iter_fields(st):
                        if field not in _BODIES:
                            for sub in value if isinstance(value, list) else (value,):
                                if isinstance(sub, ast.AST):
                                    parsed.append((sub, level + 1))
                parsed.extend((d, level + 1) for d in getattr(st, "decorator_list", ()))
                for field in ("body", "orelse", "finalbody"):
                    block = getattr(st, field, None)
                    if block:
                        stack2.append((block, level + 1))
                for handler in getattr(st, "handlers", ()):
                    parsed.extend((sub, level + 2) for sub in (handler.type, handler.name) if isinstance(sub, ast.AST))
                    stack2.append((handler.body, level + 2))
                for case in getattr(st, "cases", ()):
                    parsed.extend((sub, level + 2) for sub in (case.pattern, case.guard) if isinstance(sub, ast.AST))
                    stack2.append((case.body, level + 2))
            elif own and not _touches(keep, first, last):
                drops.append((first, last, st.col_offset))
            else:
                parsed.append((st, level))
    return drops, decorators, shorts, parsed


def _rewrite(text: list[str], lines: frozenset[int] | set[int], keep: set[int],
             drops: list[tuple[int, int, int]], decorators: list[ast.expr], shorts: list[tuple[int, int, str]],
             inside: set[int]) -> tuple[str, list[int]]:
    """The focused source, and the original number of each of its lines (``inside``: lines
    within a multi-line part of the tree that stays, never left out as blank)."""
    out = list(text)
    gone = [False] * len(text)  # lines left out of the focused source
    drops.sort()
    prev: tuple[int, int] | None = None  # (last line, column) of the previous dropped statement
    for first, last, col in drops:
        if prev is not None and first <= prev[0]:  # shares a line with the one before
            continue
        merge = prev is not None and prev[1] == col and all(
            not text[n - 1].strip(_INDENT) for n in range(prev[0] + 1, first))
        if merge:
            gone[first - 1] = True
        else:
            out[first - 1] = text[first - 1][:col] + "pass"
        for n in range(first + 1, last + 1):
            gone[n - 1] = True
        prev = (last, col)
    for first, last, header in shorts:
        out[first - 1] = header
        for n in range(first + 1, last + 1):
            gone[n - 1] = True
    for dec in decorators:  # "@" + the expression, alone on their lines
        first, last = dec.lineno, dec.end_lineno or dec.lineno
        if _touches(lines, first, last) or _touches(keep, first, last):
            continue
        if text[first - 1][: dec.col_offset].strip(_INDENT + "@") or text[first - 1].lstrip(_INDENT)[:1] != "@":
            continue
        if not _BLANK.match(_tail(text[last - 1], dec.end_col_offset)):
            continue
        for n in range(first, last + 1):
            gone[n - 1] = True
    # the focused source: the lines that stay, without blank and comment-only lines outside
    # kept statements (LibCST makes a node of each), and the original number of each
    lines_out: list[str] = []
    line_map: list[int] = []
    blank = _BLANK.match
    for i, line in enumerate(out):
        if gone[i] or (i + 1 not in keep and line is text[i] and blank(line) and i + 1 not in inside):
            continue
        lines_out.append(line)
        line_map.append(i + 1)
    return "\n".join(lines_out) + "\n", line_map




def _col_of_first(inner: ast.stmt, line: int) -> int:
    """The column where ``inner`` (or its first decorator, on ``line``) starts."""
    decs = [d for d in getattr(inner, "decorator_list", ()) if d.lineno == line]
    return decs[0].col_offset - 1 if decs else inner.col_offset


_SHORTENED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.If, ast.While, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)


def _short_header(st: ast.stmt, text: list[str]) -> str | None:
    """A minimal header for the compound statement ``st`` (what follows its indentation),
    when one can stand in for it; None for class headers (their bases make settings
    classes) and statements whose body shares a line with the header."""
    if not isinstance(st, _SHORTENED):
        return None
    inner = st.body[0]
    first = min([inner.lineno, *(d.lineno for d in getattr(inner, "decorator_list", ()))])
    if first <= st.lineno or text[first - 1][:_col_of_first(inner, first)].strip(_INDENT):
        return None  # the body starts on a line the header ends on (`) -> int: return x`)
    start = text[st.lineno - 1][st.col_offset:]
    if isinstance(st, ast.AsyncFunctionDef):
        return "async def _():"
    if isinstance(st, ast.FunctionDef):
        return "def _():"
    if isinstance(st, ast.If):
        return "elif 1:" if start.startswith("elif") else "if 1:" if start.startswith("if") else None
    if isinstance(st, ast.While):
        return "while 1:"
    if isinstance(st, ast.For):
        return "for _ in _:"
    if isinstance(st, ast.AsyncFor):
        return "async for _ in _:"
    if isinstance(st, ast.With):
        return "with _:"
    if isinstance(st, ast.AsyncWith):
        return "async with _:"
    return None


_BODIES = ("body", "orelse", "finalbody", "handlers", "cases", "decorator_list")


def _settings_field(st: ast.stmt) -> bool:
    """``model_config = ...`` / ``env_prefix = ...`` (read by ``_settings_prefix``)."""
    if isinstance(st, ast.Assign):
        targets = st.targets
    elif isinstance(st, ast.AnnAssign):
        targets = [st.target]
    else:
        return False
    return any(isinstance(t, ast.Name) and t.id in SETTINGS_NAMES for t in targets)


def _imports_flask(st: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(st, ast.ImportFrom):
        return not st.level and (st.module or "").split(".", 1)[0] == "flask"
    return any(a.name.split(".", 1)[0] == "flask" for a in st.names)


def _tail(line: str, end_col: int | None) -> str:
    """What follows a node ending at UTF-8 byte column ``end_col`` on ``line``."""
    if end_col is None:
        return ""
    return line.encode("utf-8", "surrogatepass")[end_col:].decode("utf-8", "replace")
