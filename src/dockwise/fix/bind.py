"""DW201's fix: ``host="0.0.0.0"`` added to a Python server call relying on its default
loopback bind (``app.run()``).  Unsafe: it changes what the server exposes on a host."""
from __future__ import annotations

import ast
import warnings

from dockwise.fix.text import line_starts, offset_of, position_of
from dockwise.model import Edit, Span

BIND_ALL = "0.0.0.0"


def bind_default_edit(source: str, span: Span) -> Edit | None:
    """``host="0.0.0.0"`` added to the Python call at ``span`` (a server relying on its
    default loopback bind), or None when the call cannot take it plainly.

    CPython's parser finds the call (no LibCST import for a report that lists this fix);
    the edited source must parse again."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = compile(source, "<fix>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    starts = line_starts(source)
    at = offset_of(source, starts, span.line, span.column)
    if at is None:
        return None

    def off(line: int, col: int) -> int:
        """A char offset from CPython's (line, UTF-8 byte column)."""
        begin = starts[line - 1]
        return begin + len(source[begin:begin + col + 1].encode("utf-8", "surrogatepass")[:col]
                           .decode("utf-8", "surrogatepass"))

    def end(node: ast.expr | ast.keyword) -> int:
        """The char offset where a node ends (compile() gives every node it parses an end)."""
        assert node.end_lineno is not None and node.end_col_offset is not None
        return off(node.end_lineno, node.end_col_offset)

    best = None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or node.end_lineno is None:
            continue
        s, e = off(node.lineno, node.col_offset), end(node)
        if not s <= at < e:
            continue
        f = node.func
        on_func = off(f.lineno, f.col_offset) <= at < end(f)
        key = (on_func, -(e - s))
        if best is None or key > best[0]:
            best = (key, node, s, e)
    if best is None or source[best[3] - 1:best[3]] != ")":
        return None
    _, call, s, e = best
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg in (None, "host") for k in call.keywords):
        return None
    args: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
    if args:
        insert_at = max(end(a) for a in args)  # after the last argument
        while True:  # past the parentheses around the last argument
            rest = source[insert_at:e - 1]
            stripped = rest.lstrip()
            if not stripped.startswith(")"):
                break
            insert_at += len(rest) - len(stripped) + 1
        content = f', host="{BIND_ALL}"'
    else:
        lp = source.find("(", end(call.func), e)
        if lp < 0 or source[lp + 1:e - 1].strip():
            return None  # comments between the parentheses: leave it alone
        insert_at = e - 1
        content = f'host="{BIND_ALL}"'
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source[:insert_at] + content + source[insert_at:], "<fix>", "exec", ast.PyCF_ONLY_AST,
                    dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    line, col = position_of(starts, insert_at)
    return Edit(Span(span.path, line, col, line, col), content)

