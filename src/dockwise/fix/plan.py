"""Finding -> Fix (exact text edits).  Pure: reads only the source text it is given.

``plan_fix(finding, source, layout=..., read=...)`` turns a finding with a unique suggestion
into exact edits:

- the flagged host text is replaced by the suggested host (``[::1]`` loses its brackets
  when the new host is a name); the port is changed where it is written (in the URL, or
  in a sibling ``port=`` argument / ``PORT`` key) when the suggestion asks for another
  one, or inserted after the host of a URL that relied on its scheme's default port;
  when the port cannot be changed, there is no fix at all (a host-only edit would be
  wrong);
- a suggestion of ``host.docker.internal`` also inserts the ``extra_hosts`` entry into
  the Compose services that lack it (so that one ``fix`` run leaves nothing behind);
- DW106 (no suggestion) inserts ``extra_hosts: ["host.docker.internal:host-gateway"]`` in
  each service it names, in the Compose file that defines the service, with the file's
  own indentation (or appends to an existing ``extra_hosts`` list or map);
- DW201 on a Python server call relying on its default bind (``app.run()``) adds
  ``host="0.0.0.0"`` to the call (unsafe: it changes what the server exposes on a host).

Applicability: the rule's own (``applicability`` in rules/codes: DW201's is "unsafe"), and
"unsafe" for a default in Python code (an
``os.getenv("X", "localhost")`` fallback, a parameter default: the same line runs on the
host, where localhost is right); "safe" otherwise.  Nothing here raises: a fix that cannot be planned is None.
"""
from __future__ import annotations

import ast
import io
import os
import re
import tokenize
import warnings
from dataclasses import replace
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import yaml

from dockwise.model import Edit, Finding, Fix, Span

HOST_ALIAS = "host.docker.internal"
GATEWAY_VALUE = "host-gateway"
GATEWAY_ENTRY = f"{HOST_ALIAS}:{GATEWAY_VALUE}"
BIND_ALL = "0.0.0.0"

Reader = Callable[[str], "str | None"]

# --------------------------------------------------------------------------- text positions

_NEWLINE = re.compile(r"\r\n|\r|\n")


@lru_cache(maxsize=8)
def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where each line starts (lines end at \\r\\n, \\r or \\n, as Python and LibCST
    count them).  Memoised: every finding of a file asks for the same text's."""
    if "\r" not in text:  # the common case, in C: each line's length + 1, summed up
        return tuple(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))
    return (0, *(m.end() for m in _NEWLINE.finditer(text)))


@lru_cache(maxsize=8)
def _text_lines(text: str) -> list[str]:
    """The lines of ``text``, newlines excluded; memoised like :func:`line_starts` (a
    Compose file with a service per finding is split once, not once per service).
    Read only."""
    starts = line_starts(text)
    return [text[starts[i]:_line_end(text, starts, i)] for i in range(len(starts))]


def _line_end(text: str, starts: Sequence[int], index: int) -> int:
    """Offset of the end of line ``index`` (0-based), newline excluded."""
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    while end > starts[index] and text[end - 1] in "\r\n":
        end -= 1
    return end


def offset_of(text: str, starts: Sequence[int], line: int, column: int) -> int | None:
    """The offset of 1-based (line, column), or None when it is not inside the text."""
    if not 1 <= line <= len(starts) or column < 1:
        return None
    begin = starts[line - 1]
    if begin + column - 1 > _line_end(text, starts, line - 1):
        return None
    return begin + column - 1


def span_offsets(text: str, span: Span, starts: Sequence[int] | None = None) -> tuple[int, int] | None:
    starts = starts if starts is not None else line_starts(text)
    a = offset_of(text, starts, span.line, span.column)
    b = offset_of(text, starts, span.end_line, span.end_column)
    if a is None or b is None or b < a:
        return None
    return a, b


def position_of(starts: Sequence[int], offset: int) -> tuple[int, int]:
    """1-based (line, column) of an offset."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - starts[lo] + 1


def text_at(text: str, span: Span, starts: Sequence[int] | None = None) -> str | None:
    hit = span_offsets(text, span, starts)
    return None if hit is None else text[hit[0]:hit[1]]


def splice(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """Apply non-overlapping (start, end, content) edits; an insertion at the end of a
    replaced range goes after the replacement."""
    out: list[str] = []
    pos = 0
    for start, end, content in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            raise ValueError("overlapping edits")
        out.append(text[pos:start])
        out.append(content)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def newline_of(text: str) -> str:
    m = _NEWLINE.search(text)
    return m.group(0) if m else "\n"


def strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


# --------------------------------------------------------------------------- host / port edits


def _host_key(text: str) -> str:
    return text.strip().strip("[]").lower()


def _is_python(path: str) -> bool:
    return path.endswith((".py", ".pyw"))


def plan_fix(finding: Finding, source: str | None, *, applicability: str, layout=None,
             read: Reader | None = None) -> Fix | None:
    """The edits that apply ``finding.suggestion``; None when there is nothing exact to do.

    ``applicability`` is the rule's own (its entry's in rules/codes: "safe", "unsafe" or
    "none"); ``source`` is the text of the finding's file; ``layout`` and ``read``
    (root-relative path -> text or None) are needed for edits in Compose files (DW106,
    ``host.docker.internal``).
    """
    if applicability not in ("safe", "unsafe"):
        return None
    try:
        return _plan(finding, strip_bom(source) if source is not None else None, applicability, layout, read)
    except Exception:  # a fix we cannot plan is no fix, never a crash
        return None


def rule_applicability(result, code: str) -> str:
    """The rule's applicability in the run's rule packs ("none" without them)."""
    knowledge = getattr(result, "knowledge", None)
    return knowledge.applicability(code) if knowledge is not None else "none"


def _plan(finding: Finding, source: str | None, applicability: str, layout, read: Reader | None) -> Fix | None:
    ep = finding.endpoint
    if finding.code == "DW106":
        if layout is None or read is None:
            return None
        inserted = gateway_edits(finding.services, ep.project if ep is not None else None, layout, read)
        return Fix(tuple(inserted), applicability) if inserted else None
    sug = finding.suggestion
    if ep is None or sug is None or source is None:
        return None
    if ep.role == "bind-default":
        if finding.code == "DW201" and _is_python(ep.span.path):
            edit = bind_default_edit(source, ep.span)
            return Fix((edit,), applicability) if edit is not None else None
        return None
    starts = line_starts(source)
    span = ep.span
    if span.line != span.end_line:
        return None
    hit = span_offsets(source, span, starts)
    if hit is None:
        return None
    a, b = hit
    current = source[a:b]
    if not current or _host_key(current) != _host_key(ep.host):
        return None  # the text moved: no blind edit
    # the host with its brackets, when written as [::1]
    if current.startswith("[") and current.endswith("]"):
        bracketed = True
    elif a > 0 and b < len(source) and source[a - 1] == "[" and source[b] == "]":
        a, b = a - 1, b + 1
        bracketed = True
    else:
        bracketed = False
    edits: list[tuple[int, int, str]] = []
    host = sug.host
    if _host_key(host) != _host_key(current):
        if ":" in host.strip("[]"):
            bare = host.strip("[]")
            host = f"[{bare}]" if (bracketed or ep.scheme is not None or ep.port_source == "explicit") \
                and not ep.quoted_whole else bare
        edits.append((a, b, host))
    if sug.port is not None and ep.port is not None and sug.port != ep.port:
        port_edit = _port_edit(source, starts, ep, sug.port, b)
        if port_edit is None:
            return None  # the host alone would be a wrong fix
        edits.append(port_edit)
    if not edits:
        return None
    path = ep.span.path
    out = [Edit(_span(path, starts, s, e), c) for s, e, c in edits]
    if sug.host.strip().lower() == HOST_ALIAS and layout is not None and read is not None and finding.services:
        for edit in gateway_edits(finding.services, ep.project, layout, read):
            if edit not in out:
                out.append(edit)
    unsafe = applicability == "unsafe" or _unsafe(finding, ep, path) \
        or (_is_python(path) and _in_parameter_default(source, a))
    return Fix(tuple(out), "unsafe" if unsafe else "safe")


# evidence that names a value's meaning but is no place that dials it
_NAME_ONLY = ("env:", "name ")


def _unsafe(finding: Finding, ep, path: str) -> bool:
    """A fix is safe only when the finding rests on a sink in the container and the value is
    the container's alone: a Python fallback (a library default, also used outside
    containers) or a Python value known only by its name get an unsafe fix."""
    if finding.mixed:
        return True  # (mixed: the fix helps one service and not another that runs the same text)
    if ep.fallback_for is not None and _is_python(path):
        return True
    ev = finding.evidence
    return ev is not None and _is_python(path) and ev.kind.startswith(_NAME_ONLY)


def _in_parameter_default(source: str, offset: int) -> bool:
    """Whether the character at ``offset`` is inside a function's parameter list (a default:
    ``def __init__(self, url="http://localhost:1234")``): every caller that passes nothing
    gets it, host-side users of the library included, so rewriting it is not the
    container's decision alone.  Read from the nearest ``def`` before it with the tokenizer
    (a parse of a whole large module per finding cost seconds)."""
    window = max(0, offset - 20_000)
    start = None
    for m in _DEF_HEAD.finditer(source, window, offset):
        start = m.start()
    if start is None:
        return False
    depth = 0
    opened = False
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source[start:offset]).readline):
            if tok.type == tokenize.OP and tok.string in "([{":
                depth += 1
                opened = True
            elif tok.type == tokenize.OP and tok.string in ")]}":
                depth -= 1
                if opened and depth == 0:
                    return False  # the parameter list closed before the value
    except (tokenize.TokenError, SyntaxError):
        pass  # the fragment ends inside the open parameter list or the string itself
    return opened and depth > 0


_DEF_HEAD = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]+\w+[ \t]*\(", re.MULTILINE)


def _span(path: str, starts: Sequence[int], a: int, b: int) -> Span:
    line, col = position_of(starts, a)
    end_line, end_col = position_of(starts, b)
    return Span(path, line, col, end_line, end_col)


def _port_edit(source: str, starts: Sequence[int], ep, port: int, host_end: int) -> tuple[int, int, str] | None:
    if ep.port_span is not None and ep.port_source in ("explicit", "argument"):
        ps = ep.port_span
        if ps.path != ep.span.path:
            return None
        hit = span_offsets(source, ps, starts)
        if hit is None:
            return None
        a, b = hit
        text = source[a:b]
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            a, b, text = a + 1, b - 1, text[1:-1]
        if not text.isdigit() or int(text) != ep.port:
            return None
        return (a, b, str(port))
    if ep.port_source == "scheme" and ep.scheme is not None and ep.context in ("url",):
        nxt = source[host_end:host_end + 1]
        if nxt == ":" or nxt.isalnum():
            return None
        return (host_end, host_end, f":{port}")
    return None


# --------------------------------------------------------------------------- DW201: app.run()


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


# --------------------------------------------------------------------------- DW106: extra_hosts


_BY_NAME: dict[int, tuple[Any, dict[str, list]]] = {}


def _services_by_name(layout) -> dict[str, list]:
    """name -> [(position in the layout, project, service)]; built once per layout: a fix is
    planned for each finding, and a platform has a finding per service."""
    hit = _BY_NAME.get(id(layout))
    if hit is not None and hit[0] is layout:
        return hit[1]
    index: dict[str, list] = {}
    position = 0
    for project in getattr(layout, "projects", ()):
        for svc in project.services:
            index.setdefault(svc.name, []).append((position, project, svc))
            position += 1
    _BY_NAME.clear()  # one layout at a time (the language server's changes)
    _BY_NAME[id(layout)] = (layout, index)
    return index


def gateway_edits(names: Iterable[str], project_dir: str | None, layout, read: Reader) -> list[Edit]:
    """Edits inserting the host-gateway entry into each named Compose service that lacks it."""
    out: list[Edit] = []
    seen: set[tuple[str, str]] = set()
    by_name = _services_by_name(layout)
    for _, project, svc in sorted((e for n in set(names) for e in by_name.get(n, ())), key=lambda e: e[0]):
        if project_dir is not None and project.dir != project_dir:
            continue
        if svc.implicit or svc.has_host_gateway:
            continue
        files: list[str] = []
        if svc.span is not None:
            files.append(svc.span.path)
        files.extend(f for f in project.files if f not in files)
        for path in files:
            key = (path, svc.name)
            if key in seen:
                break
            text = read(path)
            if text is None:
                continue
            line = svc.span.line if svc.span is not None and svc.span.path == path else None
            edit = host_gateway_edit(strip_bom(text), path, svc.name, key_line=line)
            if edit is not None:
                seen.add(key)
                if edit not in out:
                    out.append(edit)
                break
    return out


_KEY_RE = re.compile(r"""^(?P<indent>[ ]*)(?P<q>["']?)(?P<key>[^"'#\s][^"'#]*?)(?P=q)[ \t]*:(?=\s|$)(?P<rest>.*)$""")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def _strip_comment(value: str) -> str:
    """``value`` without a trailing `` # comment`` (quotes respected)."""
    quote = None
    for i, c in enumerate(value):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or value[i - 1] in " \t"):
            return value[:i].rstrip()
    return value.rstrip()


def _find_service(lines: list[str], name: str, key_line: int | None) -> int | None:
    if key_line is not None and 1 <= key_line <= len(lines):
        m = _KEY_RE.match(lines[key_line - 1])
        if m and m.group("key") == name and m.group("indent"):
            return key_line - 1
    top = None
    for i, line in enumerate(lines):
        m = _KEY_RE.match(line)
        if m and not m.group("indent") and m.group("key") == "services":
            if _strip_comment(m.group("rest")).strip():
                return None  # services: {...} in flow style
            top = i
            break
    if top is None:
        return None
    child = None
    for i in range(top + 1, len(lines)):
        line = lines[i]
        if _blank(line):
            continue
        ind = _indent(line)
        if ind == 0:
            break
        if child is None:
            child = ind
        if ind != child:
            continue
        m = _KEY_RE.match(line)
        if m and m.group("key") == name:
            return i
    return None


def host_gateway_edit(text: str, path: str, name: str, *, key_line: int | None = None) -> Edit | None:
    """The edit adding ``host.docker.internal:host-gateway`` to service ``name`` of the Compose
    file ``text`` (block style), verified by loading both versions; None when unsure."""
    try:
        return _host_gateway_edit(text, path, name, key_line)
    except (Exception, RecursionError):
        return None


@lru_cache(maxsize=256)
def _host_gateway_edit(text: str, path: str, name: str, key_line: int | None) -> Edit | None:
    starts = line_starts(text)
    lines = _text_lines(text)
    k = _find_service(lines, name, key_line)
    if k is None:
        return None
    key_indent = _indent(lines[k])
    m = _KEY_RE.match(lines[k])
    if m is None:
        return None
    nl = newline_of(text)
    entry = f'"{GATEWAY_ENTRY}"'
    rest = _strip_comment(m.group("rest")).strip()
    body = []
    for i in range(k + 1, len(lines)):
        if _blank(lines[i]):
            continue
        if _indent(lines[i]) <= key_indent:
            break
        body.append(i)
    edit: tuple[int, int, str] | None = None
    if rest:
        return None  # flow mapping, alias or scalar on the key line
    if not body:
        unit = _unit(lines, key_indent)
        at = _line_end(text, starts, k)
        edit = (at, at, f"{nl}{' ' * (key_indent + unit)}extra_hosts: [{entry}]")
    else:
        child = _indent(lines[body[0]])
        eh = None
        for i in body:
            if _indent(lines[i]) != child:
                continue
            mm = _KEY_RE.match(lines[i])
            if mm and mm.group("key") == "extra_hosts":
                eh = i
                break
        if eh is None:
            last = body[-1]
            at = _line_end(text, starts, last)
            edit = (at, at, f"{nl}{' ' * child}extra_hosts: [{entry}]")
        else:
            edit = _extend_extra_hosts(text, starts, lines, eh, child, nl)
    if edit is None:
        return None
    if not _verify_in_block(text, starts, k, body, key_indent, edit, name, nl):
        new = splice(text, [edit])
        if not _verify_gateway(text, new, name):  # the whole file (an alias to an anchor elsewhere...)
            return None
    a, b, content = edit
    line, col = position_of(starts, a)
    end_line, end_col = position_of(starts, b)
    return Edit(Span(path, line, col, end_line, end_col), content)


def _unit(lines: list[str], key_indent: int) -> int:
    """The file's indentation step (the indentation of the services' keys, by default 2)."""
    for line in lines:
        if not _blank(line) and _indent(line) > 0:
            return _indent(line)
    return 2 if key_indent == 0 else key_indent


def _extend_extra_hosts(text: str, starts: Sequence[int], lines: list[str], eh: int, child: int, nl: str):
    line = lines[eh]
    mm = _KEY_RE.match(line)
    if mm is None:  # never: the caller found the extra_hosts key on this line
        return None
    rest = mm.group("rest")
    value = _strip_comment(rest)
    stripped = value.strip()
    if stripped.startswith("["):
        if not stripped.endswith("]"):
            return None
        close = starts[eh] + mm.start("rest") + len(value) - 1
        empty = not stripped[1:-1].strip()
        return (close, close, f'"{GATEWAY_ENTRY}"' if empty else f', "{GATEWAY_ENTRY}"')
    if stripped.startswith("{"):
        if not stripped.endswith("}"):
            return None
        close = starts[eh] + mm.start("rest") + len(value) - 1
        empty = not stripped[1:-1].strip()
        item = f"{HOST_ALIAS}: {GATEWAY_VALUE}"
        return (close, close, item if empty else f", {item}")
    if stripped:
        return None  # an alias or a scalar
    items = []
    for i in range(eh + 1, len(lines)):
        if _blank(lines[i]):
            continue
        ind = _indent(lines[i])
        if ind > child or (ind == child and lines[i].lstrip().startswith("- ")) or (ind == child and lines[i].strip() == "-"):
            items.append(i)
            continue
        break
    if not items:
        at = starts[eh] + mm.start("rest") + len(value)
        return (at, at, f' ["{GATEWAY_ENTRY}"]')
    first = lines[items[0]]
    item_indent = _indent(first)
    last = items[-1]
    at = _line_end(text, starts, last)
    if first.lstrip().startswith("-"):
        tops = [lines[i] for i in items if _indent(lines[i]) == item_indent and lines[i].lstrip().startswith("-")]
        prev = tops[-1].lstrip()[1:].strip() if tops else ""
        quote = "'" if prev.startswith("'") else '"'
        return (at, at, f"{nl}{' ' * item_indent}- {quote}{GATEWAY_ENTRY}{quote}")
    return (at, at, f"{nl}{' ' * item_indent}{HOST_ALIAS}: {GATEWAY_VALUE}")


def _verify_in_block(text: str, starts: Sequence[int], k: int, body: list[int], key_indent: int,
                     edit: tuple[int, int, str], name: str, nl: str) -> bool:
    """The verification of ``_verify_gateway`` on the service's own lines only: the edit
    falls inside them, and loading a whole Compose file for each service of a large
    project (a fix is planned for every finding) costs seconds.  False when the block does
    not load on its own (an alias to an anchor outside it): the caller loads the file."""
    lo = starts[k]
    hi = _line_end(text, starts, body[-1] if body else k)
    a, b, content = edit
    if key_indent == 0 or not lo <= a <= b <= hi:
        return False
    block = text[lo:hi]
    head = "services:" + nl
    return _verify_gateway(head + block, head + block[: a - lo] + content + block[b - lo:], name)


def _verify_gateway(old: str, new: str, name: str) -> bool:
    """``new`` loads, and equals ``old`` with the gateway entry added to service ``name``."""
    try:  # libyaml's safe loader, where PyYAML has it: 10x faster
        a = yaml.load(old, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        b = yaml.load(new, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError, ValueError):
        return False
    try:
        svc_a = a["services"][name]
        svc_b = b["services"][name]
    except (TypeError, KeyError):
        return False
    if not isinstance(svc_b, dict) or not (svc_a is None or isinstance(svc_a, dict)):
        return False
    hosts = svc_b.get("extra_hosts")
    if isinstance(hosts, list):
        if not hosts or hosts[-1] != GATEWAY_ENTRY:
            return False
        rest = hosts[:-1]
        restored = dict(svc_b)
        if rest or (svc_a is not None and "extra_hosts" in svc_a):
            restored["extra_hosts"] = rest
        else:
            del restored["extra_hosts"]
    elif isinstance(hosts, dict):
        if hosts.get(HOST_ALIAS) != GATEWAY_VALUE:
            return False
        restored = dict(svc_b)
        rest_map = {k: v for k, v in hosts.items() if k != HOST_ALIAS}
        if rest_map or (svc_a is not None and "extra_hosts" in svc_a):
            restored["extra_hosts"] = rest_map
        else:
            del restored["extra_hosts"]
    else:
        return False
    if svc_a is None:
        if restored:
            return False
    elif restored != svc_a or list(restored) != list(svc_a):
        return False
    try:
        b["services"][name] = svc_a
        return b == a
    except (TypeError, RecursionError):
        return False


# --------------------------------------------------------------------------- the run


def make_reader(root: Path | str | None, sources: dict[str, str] | None) -> Reader:
    """root-relative path -> text: the text read for the check, else the file (inside the
    root only, strict UTF-8), else None.  Cached."""
    cache: dict[str, str | None] = {}
    sources = sources or {}
    root_real = os.path.realpath(str(root)) if root is not None else None

    def read(rel: str) -> str | None:
        if rel in cache:
            return cache[rel]
        text = sources.get(rel)
        if text is None and root_real is not None:
            real = os.path.realpath(os.path.join(str(root), rel))
            if real == root_real or not real.startswith(root_real.rstrip(os.sep) + os.sep):
                text = None
            else:
                try:
                    with open(real, "rb") as handle:
                        data = handle.read(50_000_000)
                    text = data.decode("utf-8-sig")
                except (OSError, UnicodeDecodeError, ValueError):
                    text = None
        if text is not None:
            text = strip_bom(text)
        cache[rel] = text
        return text

    return read


def attach_fixes(result, *, unsafe: bool = True):
    """The run's findings with their planned fixes (for the JSON/SARIF output).

    ``unsafe=False`` leaves out the fixes only ``--unsafe-fixes`` applies (DW201), which the
    text and GitHub formats do not show: planning an added ``host=`` argument needs a LibCST
    parse, which the one-file pre-commit run should not pay for.
    """
    read = make_reader(getattr(result, "root", None), result.sources)
    layout = getattr(result, "layout", None)
    findings = []
    for f in result.findings:
        fix = f.fix
        if fix is None and not unsafe and rule_applicability(result, f.code) == "unsafe":
            findings.append(f)
            continue
        if fix is None:
            try:
                fix = plan_fix(f, read(f.span.path), applicability=rule_applicability(result, f.code),
                               layout=layout, read=read)
            except Exception:  # a fix we cannot plan is no fix, never a crash
                fix = None
        findings.append(replace(f, fix=fix) if fix is not f.fix else f)
    return replace(result, findings=tuple(findings))
