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
host, where localhost is right); "safe" otherwise.  A fix that cannot be planned is None;
what raises is a bug, which ``run_fix_plan`` reports (one finding's, the others are planned).
"""
from __future__ import annotations

import io
import os
import re
import tokenize
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from dockwise.fix.bind import bind_default_edit
from dockwise.fix.gateway import HOST_ALIAS, Reader, gateway_edits
from dockwise.fix.text import line_starts, position_of, span_offsets, strip_bom
from dockwise.model import BUG_HINT, Edit, FileError, Finding, Fix, RunResult, Span
from dockwise.source import display_path

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
    return _plan(finding, strip_bom(source) if source is not None else None, applicability, layout, read)


def run_fix_plan(result: RunResult, finding: Finding, read: Reader) -> Fix | FileError | None:
    """The finding's fix, planned in the run ``result`` (None: nothing exact to do), or the
    internal error that planning it met."""
    try:
        return plan_fix(finding, read(finding.span.path), applicability=rule_applicability(result, finding.code),
                        layout=result.layout, read=read)
    except Exception as exc:  # boundary: one finding's planning bug is reported, it gets no fix, the others do
        return FileError(display_path(Path(result.root), finding.span.path),
                         f"internal error while planning a fix: {exc!r} ({BUG_HINT})", finding.span.line,
                         kind="internal")


def rule_applicability(result: RunResult, code: str) -> str:
    """The rule's applicability in the run's rule packs ("none" without them)."""
    return result.knowledge.applicability(code) if result.knowledge is not None else "none"


def _editable(source: str) -> bool:
    """``dockwise fix`` can edit this Python source (LibCST parses it as written): not so
    where only CPython reads its indentation, and a finding there offers no fix rather than
    one the fix command then declines.  Asked only of sources holding a tab; LibCST is
    imported only then."""
    from dockwise.fix.python_edit import parses_exactly

    return parses_exactly(source)


def _plan(finding: Finding, source: str | None, applicability: str, layout, read: Reader | None) -> Fix | None:
    ep = finding.endpoint
    if finding.code == "DW106":
        if layout is None or read is None:
            return None
        inserted = gateway_edits(finding.services, ep.project if ep is not None else None, layout, read,
                                 ep.span if ep is not None and ep.services else None, finding.runners)
        return Fix(tuple(inserted), applicability) if inserted else None
    sug = finding.suggestion
    if ep is None or sug is None or source is None:
        return None
    if _is_python(ep.span.path) and "\t" in source and not _editable(source):
        return None  # (a tab indentation only CPython reads: extract/tabindent.py) fix would decline it
    if ep.default_call:
        return None  # a client given no address: there is no host written to replace
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
        for edit in gateway_edits(finding.services, ep.project, layout, read, ep.span if ep.services else None,
                                  finding.runners):
            if edit not in out:
                out.append(edit)
    unsafe = applicability == "unsafe" or _unsafe(finding, ep, path) \
        or (_is_python(path) and _in_parameter_default(source, a))
    return Fix(tuple(out), "unsafe" if unsafe else "safe")


# evidence that names a value's meaning but is no place that dials it
_NAME_ONLY = ("env:", "name ")


def _unsafe(finding: Finding, ep, path: str) -> bool:
    """A fix is safe only when the finding rests on a sink in the container and the value is
    the container's alone: a Python fallback of a variable (a library default, also used outside
    containers) or a Python value known only by its name get an unsafe fix."""
    if finding.mixed:
        return True  # (mixed: the fix helps one service and not another that runs the same text)
    if finding.suggestion is not None and finding.suggestion.tentative:
        return True  # (the one listener starts only with a profile)
    if (ep.fallback_for is not None or ep.fallbacks) and _is_python(path):
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
    read = make_reader(result.root, result.sources)
    findings = []
    errors: list[FileError] = []
    for f in result.findings:
        fix = f.fix
        if fix is None and not unsafe and rule_applicability(result, f.code) == "unsafe":
            findings.append(f)
            continue
        if fix is None:
            planned = run_fix_plan(result, f, read)
            if isinstance(planned, FileError):
                errors.append(planned)
            else:
                fix = planned
        findings.append(replace(f, fix=fix) if fix is not f.fix else f)
    if errors:
        return replace(result, findings=tuple(findings), errors=tuple(result.errors) + tuple(errors))
    return replace(result, findings=tuple(findings))
