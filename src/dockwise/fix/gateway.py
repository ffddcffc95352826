"""The ``extra_hosts: ["host.docker.internal:host-gateway"]`` entry inserted into Compose
services (DW106, and a ``host.docker.internal`` suggestion): found in the file that
defines the service, written with the file's own indentation (or appended to an existing
``extra_hosts`` list or map), and verified by loading the YAML before and after."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

import yaml

from dockwise.fix.text import line_end, line_starts, newline_of, position_of, splice, strip_bom
from dockwise.model import Edit, Span

HOST_ALIAS = "host.docker.internal"
GATEWAY_VALUE = "host-gateway"
GATEWAY_ENTRY = f"{HOST_ALIAS}:{GATEWAY_VALUE}"

Reader = Callable[[str], "str | None"]  # root-relative path -> text, or None


@lru_cache(maxsize=8)
def _text_lines(text: str) -> list[str]:
    """The lines of ``text``, newlines excluded; memoised like :func:`line_starts` (a
    Compose file with a service per finding is split once, not once per service).
    Read only."""
    starts = line_starts(text)
    return [text[starts[i]:line_end(text, starts, i)] for i in range(len(starts))]


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


def gateway_edits(names: Iterable[str], project_dir: str | None, layout, read: Reader,
                  value: Span | None = None, runners: Iterable[object] = ()) -> list[Edit]:
    """Edits inserting the host-gateway entry into each named Compose service that lacks it.
    ``value``: where the flagged value is written; when some definitions of a name (the
    base file's, a variant's) use that text, only those get the entry.  ``runners``: the
    services the verdict holds for, when known; a same-named service of a variant where the
    value is not dialled (its environment sets the variable the default stands in for) is
    left alone."""
    # by value, not identity: a worker process that judged the file sent the finding back
    # with copies of the layout's services
    judged = tuple(runners)
    out: list[Edit] = []
    seen: set[tuple[str, str]] = set()
    by_name = _services_by_name(layout)
    named = [e for e in sorted((e for n in set(names) for e in by_name.get(n, ())), key=lambda e: e[0])
             if project_dir is None or e[1].dir == project_dir]
    counts = Counter(svc.name for _, _, svc in named)
    users = {svc.name for _, _, svc in named if value is not None and counts[svc.name] > 1 and svc.carries(value)}
    for _, project, svc in named:
        if value is not None and svc.name in users and not svc.carries(value):
            continue  # a same-named service of another Compose file that does not use the value
        if svc.implicit or svc.has_host_gateway:
            continue
        if judged and svc not in judged:
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
    except (RecursionError, MemoryError):  # a block nested past the stack (the YAML compare): no edit
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
        at = line_end(text, starts, k)
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
            at = line_end(text, starts, last)
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
    at = line_end(text, starts, last)
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
    hi = line_end(text, starts, body[-1] if body else k)
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

