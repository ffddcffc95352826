"""Bounds on the Python sources handed to LibCST (hostile input must not crash or hang a run).

LibCST's native parser recurses on nesting: a few thousand nested brackets overflow the C
stack (a segmentation fault no ``except`` can catch), and its cost grows with the square of
the nesting depth (1,000 nested lists: seconds; a 5,000-term ``1+1+...`` chain: minutes).
CPython's own parser (``compile(..., PyCF_ONLY_AST)``, in C, ~10x faster than LibCST) is run
first to measure the file; a file beyond these bounds is refused with a clear reason
instead of being parsed:

- ``MAX_SOURCE_CHARS``: larger files are generated code (protobuf, data dumps), and
  analysing one would take a minute or more;
- ``MAX_DEPTH``: levels of the syntax tree (real code stays below 30; CPython itself
  refuses more than 200 nested brackets);
- ``MAX_WORK``: the sum of every node's depth, a proxy of LibCST's cost (the largest files
  of a typical virtual environment stay below 700,000).

A file CPython cannot parse (a syntax error, or syntax newer than the running Python) is
still given to LibCST, unless its raw bracket nesting exceeds what CPython accepts: then
CPython's syntax error is the reason reported.
"""
from __future__ import annotations

import ast
import re
import warnings
from typing import cast

__all__ = ["MASK_MIN_CHARS", "MAX_SOURCE_CHARS", "MAX_DEPTH", "MAX_WORK", "MAX_BRACKETS", "refusal", "inspect", "bound", "clamp_position"]

MAX_SOURCE_CHARS = 1_000_000
# Files from this size on have what ``focus`` cannot use blanked before CPython parses them
# (``skeleton.py``).  Smaller files are parsed whole: the saving is small (the parse costs
# about 1 ms per 8,000 characters), and all their syntax errors are reported.
MASK_MIN_CHARS = 10_000
MAX_DEPTH = 400
MAX_WORK = 2_000_000
MAX_BRACKETS = 200  # CPython's tokenizer limit (MAXLEVEL) since 3.x

_BRACKET = re.compile(r"[()\[\]{}]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def clamp_position(source: str, line: int | None, column: int | None) -> tuple[int | None, int | None]:
    """A (line, column) from CPython's parser, moved inside the file: it may say column 0,
    or point one line past the end at EOF."""
    if line is None:
        return None, None
    lines = _LINE_BREAK.split(source)
    line = min(max(line, 1), len(lines))
    if column is not None:
        column = min(max(column, 1), len(lines[line - 1]) + 1)
    return line, column


Refusal = tuple[str, "int | None", "int | None"]


def refusal(source: str, path: str = "<unknown>") -> Refusal | None:
    """Why ``source`` must not be parsed by LibCST as (message, line, column), or None."""
    return inspect(source, path)[0]


def inspect(source: str, path: str = "<unknown>", measure: bool = True) -> tuple[Refusal | None, ast.Module | None]:
    """(the refusal or None, CPython's syntax tree of ``source`` or None when CPython
    cannot parse it): one parse serves the bounds and ``focus``.  ``measure=False``: the
    caller bounds only the parts of the tree it hands to LibCST (:func:`bound`)."""
    if len(source) > MAX_SOURCE_CHARS:
        return (
            f"larger than {MAX_SOURCE_CHARS:,} characters (generated code?): not analysed; "
            "exclude it in [tool.dockwise] if that is expected",
            None,
            None,
        ), None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # compile() with PyCF_ONLY_AST is ast.parse without its wrapper call
            tree = cast(ast.Module, compile(source, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True))
    except SyntaxError as err:
        if "too many nested" in str(err.msg) or _bracket_depth(source) > MAX_BRACKETS:
            return (f"syntax error: {err.msg} (too deeply nested to analyse)",
                    *clamp_position(source, err.lineno, err.offset)), None
        return None, None  # LibCST decides (it may know newer syntax) and reports the error
    except (RecursionError, MemoryError):
        return ("too deeply nested to analyse (the Python parser gave up)", None, None), None
    except ValueError:  # NUL bytes and the like: the extractor reports them
        return None, None
    refused = bound([(tree, 1)]) if measure else None
    return refused, (tree if refused is None else None)


def bound(roots: list[tuple[ast.AST, int]]) -> Refusal | None:
    """The refusal for parsing the subtrees ``roots`` ((node, its level)), or None."""
    depth, work = _measure(roots)
    if depth > MAX_DEPTH:
        return f"too deeply nested to analyse (more than {MAX_DEPTH} levels)", None, None
    if work > MAX_WORK:
        return "too complex to analyse (nesting too deep for the size of the file)", None, None
    return None


def _measure(roots: list[tuple[ast.AST, int]]) -> tuple[int, int]:
    """(deepest level, sum of all levels) of the subtrees; stops early past the bounds."""
    stack = list(roots)
    deepest = work = 0
    AST = ast.AST
    pop, push = stack.pop, stack.append
    while stack:
        node, d = pop()
        work += d
        if d > deepest:
            deepest = d
            if d > MAX_DEPTH:
                break
        if work > MAX_WORK:
            break
        d += 1
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, AST):
                        push((item, d))
            elif isinstance(value, AST):
                push((value, d))
    return deepest, work


def _bracket_depth(source: str) -> int:
    """The deepest bracket nesting of the raw text (brackets in strings count too)."""
    depth = deepest = 0
    for m in _BRACKET.finditer(source):
        if m.group() in "([{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_BRACKETS:
                    break
        elif depth:
            depth -= 1
    return deepest
