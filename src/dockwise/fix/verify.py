"""One file's edits applied and verified for its kind (``apply_text_edits``); a file whose
result fails verification raises FixError and is not fixed.

- Python: a LibCST transformer rewrites only the string-literal nodes (``SimpleString``,
  ``FormattedStringText``, also inside ``ConcatenatedString``) and integer nodes (a port
  argument) that contain the edits; a pure insertion between arguments of a call (DW201's
  ``host="0.0.0.0"``) re-parses that call only.  The result must re-parse and must equal
  the original with exactly the edits spliced in (nothing else changed, byte for byte).
- Compose YAML: exact span edits on the text; the result must load with ``yaml.safe_load``
  to the same structure (edited strings may change, an ``extra_hosts`` entry may appear,
  no value may change type).
- .env files: exact span edits; the same variables must parse out in the same order.
- Dockerfiles: exact span edits on single lines.
"""
from __future__ import annotations

import re
from typing import Sequence

import yaml

from dockwise.fix.gateway import GATEWAY_ENTRY, HOST_ALIAS
from dockwise.fix.text import line_starts, splice
from dockwise.layout.dotenv import read_dotenv


class FixError(Exception):
    """A file whose fixes cannot be applied safely (the file is left as it is)."""


# --------------------------------------------------------------------------- file kinds


def file_kind(rel: str, layout=None) -> str:
    name = rel.rsplit("/", 1)[-1].lower()
    if name.endswith((".py", ".pyw")):
        return "python"
    if name.endswith((".yml", ".yaml")):
        return "yaml"
    for project in getattr(layout, "projects", ()) or ():
        if rel in project.files:
            return "yaml"
    if name in ("dockerfile", "containerfile") or name.startswith(("dockerfile.", "containerfile.")) \
            or name.endswith((".dockerfile", ".containerfile")):
        return "dockerfile"
    return "env"


# --------------------------------------------------------------------------- Python (LibCST)

_LITERAL_CONTENT = re.compile(r"[A-Za-z0-9._:\-\[\]%@/]*\Z")


def _python_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    # LibCST (0.2 s to import) only where a Python file is fixed, not for a Compose fix
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    try:
        module = cst.parse_module(text)
    except Exception as exc:
        raise FixError(f"LibCST cannot parse the file ({type(exc).__name__})") from None
    if module.code != text:
        raise FixError("LibCST does not reproduce the file exactly")
    starts = line_starts(text)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)

    class LiteralEditor(cst.CSTTransformer):
        METADATA_DEPENDENCIES = (PositionProvider,)

        def __init__(self) -> None:
            super().__init__()
            self.pending = list(edits)
            self.done: list[tuple[int, int, str]] = []

        def _range(self, node) -> tuple[int, int]:
            rng = self.get_metadata(PositionProvider, node)
            return (starts[rng.start.line - 1] + rng.start.column, starts[rng.end.line - 1] + rng.end.column)

        def _take(self, lo: int, hi: int, literal: bool) -> list[tuple[int, int, str]]:
            mine = [e for e in self.pending if lo <= e[0] and e[1] <= hi]
            if literal:
                for e in mine:
                    if not _LITERAL_CONTENT.match(e[2]):
                        raise FixError(f"refusing to write {e[2]!r} into a string literal")
            for e in mine:
                self.pending.remove(e)
                self.done.append(e)
            return mine

        def _rewrite(self, node, start: int, lo: int, hi: int, literal: bool = True):
            mine = self._take(lo, hi, literal)
            if not mine:
                return None
            value = node.value
            if text[start:start + len(value)] != value:
                raise FixError("the positions of a literal do not match its text")
            return splice(value, [(a - start, b - start, c) for a, b, c in mine])

        def leave_SimpleString(self, original_node, updated_node):
            s, e = self._range(original_node)
            prefix, quote = len(original_node.prefix), len(original_node.quote)
            new = self._rewrite(original_node, s, s + prefix + quote, e - quote)
            return updated_node if new is None else updated_node.with_changes(value=new)

        def leave_FormattedStringText(self, original_node, updated_node):
            s, e = self._range(original_node)
            new = self._rewrite(original_node, s, s, e)
            return updated_node if new is None else updated_node.with_changes(value=new)

        def leave_Integer(self, original_node, updated_node):
            s, e = self._range(original_node)
            mine = [x for x in self.pending if s <= x[0] and x[1] <= e]
            if mine and all(x[2].isdigit() for x in mine):
                new = self._rewrite(original_node, s, s, e, literal=False)
                return updated_node.with_changes(value=new)
            return updated_node

        def leave_Call(self, original_node, updated_node):
            s, e = self._range(original_node)
            inserts = [x for x in self.pending if x[0] == x[1] and s < x[0] < e]
            if not inserts:
                return updated_node
            inner = [x for x in self.pending + self.done if s <= x[0] and x[1] <= e]
            for x in inner:
                if x in self.pending:
                    self.pending.remove(x)
                if x not in self.done:
                    self.done.append(x)
            new_text = splice(text[s:e], [(a - s, b - s, c) for a, b, c in inner])
            try:
                node = cst.parse_expression(new_text)
            except Exception:
                raise FixError("an inserted argument does not parse") from None
            if not isinstance(node, cst.Call):
                raise FixError("an inserted argument does not parse as a call")
            return node.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)

    editor = LiteralEditor()
    try:
        new_module = wrapper.visit(editor)
    except RecursionError:
        raise FixError("too deeply nested to fix") from None
    if editor.pending:
        raise FixError("an edit lies outside every string literal")
    code = new_module.code
    if code != splice(text, edits):
        raise FixError("the rewritten file differs outside the edited spans")
    try:
        cst.parse_module(code)
    except Exception:
        raise FixError("the fixed file no longer parses") from None
    return code


# --------------------------------------------------------------------------- YAML / .env / Dockerfile


class _Mismatch(Exception):
    pass


def _yaml_docs(text: str):
    return list(yaml.safe_load_all(text))


def _compatible(a, b, key=None, memo=None) -> None:
    """``b`` is ``a`` with strings/ints edited and host-gateway entries added; raises _Mismatch."""
    memo = memo if memo is not None else set()
    mark = (id(a), id(b))
    if mark in memo:
        return
    memo.add(mark)
    if isinstance(a, dict):
        if not isinstance(b, dict):
            raise _Mismatch(key)
        missing = [k for k in a if k not in b]
        if missing:
            raise _Mismatch(missing[0])
        for k in b:
            if k not in a:
                if key == "extra_hosts" and k == HOST_ALIAS and b[k] == "host-gateway":
                    continue
                if k != "extra_hosts" or not _is_gateway(b[k]):
                    raise _Mismatch(k)
        if [k for k in b if k in a] != list(a):
            raise _Mismatch("key order")
        for k in a:
            _compatible(a[k], b[k], k, memo)
        return
    if isinstance(a, list):
        if not isinstance(b, list):
            raise _Mismatch(key)
        if key == "extra_hosts" and len(b) == len(a) + 1 and b[-1] == GATEWAY_ENTRY:
            b = b[:-1]
        if len(a) != len(b):
            raise _Mismatch(key)
        for x, y in zip(a, b, strict=True):
            _compatible(x, y, key, memo)
        return
    if key == "extra_hosts" and a is None and _is_gateway(b):
        return
    if type(a) is not type(b):
        raise _Mismatch(key)
    if isinstance(a, (str, int)) and not isinstance(a, bool):
        return
    if a != b:
        raise _Mismatch(key)


def _is_gateway(value) -> bool:
    if isinstance(value, list):
        return value == [GATEWAY_ENTRY]
    if isinstance(value, dict):
        return value == {HOST_ALIAS: "host-gateway"}
    return False


def _check_yaml(old: str, new: str) -> None:
    try:
        before = _yaml_docs(old)
    except (yaml.YAMLError, RecursionError, ValueError):
        raise FixError("the file is not valid YAML") from None
    try:
        after = _yaml_docs(new)
    except (yaml.YAMLError, RecursionError, ValueError):
        raise FixError("the fixed file would no longer be valid YAML") from None
    try:
        if len(before) != len(after):
            raise _Mismatch("documents")
        for x, y in zip(before, after, strict=True):
            _compatible(x, y)
    except _Mismatch as exc:
        raise FixError(f"the fix would change the YAML structure (at {exc.args[0]!r})") from None
    except RecursionError:
        raise FixError("too deeply nested to verify") from None


def _check_env(old: str, new: str, rel: str) -> None:
    before = [e.var.name for e in read_dotenv(old, rel).entries]
    after = [e.var.name for e in read_dotenv(new, rel).entries]
    if before != after:
        raise FixError("the fix would change which variables the file sets")


def apply_text_edits(rel: str, text: str, edits: Sequence[tuple[int, int, str]], layout=None) -> str:
    """The fixed text of one file (offset edits), verified for its kind; raises FixError."""
    edits = sorted(edits, key=lambda e: (e[0], e[1]))
    if not edits:
        return text
    kind = file_kind(rel, layout)
    if kind == "python":
        return _python_edits(text, list(edits))
    new = splice(text, edits)
    if kind == "yaml":
        _check_yaml(text, new)
    elif kind == "env":
        _check_env(text, new, rel)
    else:  # Dockerfile: single-line edits only
        for a, b, c in edits:
            if "\n" in c or "\r" in c or "\n" in text[a:b] or "\r" in text[a:b]:
                raise FixError("a multi-line edit in a Dockerfile")
    return new
