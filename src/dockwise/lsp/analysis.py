"""One check of an open document (in the worker thread): the run with every open
document's in-memory text, its findings as diagnostics (LSP positions, rule links, the
evidence as related information), their fixes as quick fixes, the file errors that have a
line; a check that cannot run is an AnalysisError, logged by the server."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from lsprotocol import types as lsp
from pygls.uris import from_fs_path
from pygls.workspace.position_codec import PositionCodec

from dockwise.config import ConfigError, load_config
from dockwise.discover import find_root, is_test_path, matches_any
from dockwise.engine import run_check
from dockwise.fix.plan import attach_fixes, make_reader
from dockwise.knowledge import RuleEntry
from dockwise.lsp.documents import OpenDoc, TextIndex, document_kind, same_file
from dockwise.lsp.hover import RULE_URL
from dockwise.model import FileError
from dockwise.report import safe, suggestion_text

logger = logging.getLogger("dockwise.lsp")

SOURCE = "dockwise"


@dataclass
class Snapshot:
    """What one check needs, copied on the event loop, analysed in the worker thread."""

    doc: OpenDoc
    others: list[OpenDoc]
    encoding: Any


@dataclass
class QuickFix:
    diagnostic: lsp.Diagnostic
    title: str
    safe: bool
    changes: dict[str, list[lsp.TextEdit]]  # uri -> edits
    versions: dict[str, int | None]


@dataclass
class Analysis:
    diagnostics: list[lsp.Diagnostic] = field(default_factory=list)
    fixes: list[QuickFix] = field(default_factory=list)
    layout_files: set[str] = field(default_factory=set)  # absolute paths the layout was read from
    rules: dict[str, RuleEntry] = field(default_factory=dict)  # the run's rule entries by code (hover)
    messages: list[str] = field(default_factory=list)  # to log (errors without a line, ...)


class AnalysisError(Exception):
    """A check that could not run (bad configuration): logged, nothing published."""


def _fix_title(finding) -> str:
    sug = suggestion_text(finding.suggestion)
    edits = finding.fix.edits if finding.fix is not None else ()
    if finding.code == "DW106" or (sug is None and any("host-gateway" in e.content for e in edits)):
        what = 'add extra_hosts "host.docker.internal:host-gateway"'
    elif finding.endpoint is not None and finding.endpoint.role == "bind-default":
        what = 'bind to "0.0.0.0"'
    elif sug is not None:
        what = f"use `{sug}`"
    else:
        what = "apply the suggested fix"
    title = f"dockwise ({finding.code}): {what}"
    if finding.fix is not None and finding.fix.applicability != "safe":
        title += " (unsafe)"
    return title


def _related(finding, index_of, uri_of) -> list | None:
    """The evidence as related information: where the value is dialled, and how the file runs."""
    ev = finding.evidence
    if ev is None or ev.sink is None:
        return None
    index = index_of(ev.sink.path)
    if index is None:
        return None
    s = ev.sink
    uri, _ = uri_of(s.path)
    text = f"dialled here: {safe(ev.kind)}"
    if ev.entry:
        text += f" (runs: {safe(ev.entry)})"
    return [lsp.DiagnosticRelatedInformation(
        location=lsp.Location(uri=uri, range=index.range(s.line, s.column, s.end_line, s.end_column)),
        message=text,
    )]


def _message(finding) -> str:
    text = safe(finding.message)
    if finding.services:
        text += f" [{', '.join(finding.services)}]"
    sug = suggestion_text(finding.suggestion)
    if sug is not None:  # the editor offers the fix as a code action: no CLI words here
        text += f"\nsuggestion: {sug}"
    return text


def analyse(snap: Snapshot) -> Analysis:
    """Check one open document (pure apart from reading the project's files)."""
    doc = snap.doc
    codec = PositionCodec(encoding=snap.encoding)
    out = Analysis()
    root = find_root([doc.path if doc.path.exists() else doc.path.parent]).absolute()
    try:
        cfg = load_config(root)  # the project root's configuration, as the CLI reads it
    except ConfigError as exc:
        raise AnalysisError(str(exc)) from None
    kind = document_kind(doc.path, doc.language_id)
    try:
        rel = doc.path.absolute().relative_to(root).as_posix()
    except ValueError:
        return out
    if matches_any(rel, (*cfg.exclude, *cfg.extend_exclude)):
        return out
    if kind == "python" and not cfg.include_tests and is_test_path(rel):
        return out  # as `dockwise check`: test code is judged only when asked

    overrides = {o.path: o.text for o in snap.others if not same_file(o.path, doc.path)}
    result = run_check([doc.path], cfg, stdin_source=doc.text, stdin_filename=doc.path, overrides=overrides)
    assert result.knowledge is not None, "a run's result carries its knowledge (engine.run_check)"
    out.rules = result.knowledge.codes

    # the texts the fixes are planned against and whose positions we convert: open documents first
    open_by_rel: dict[str, OpenDoc] = {}
    for o in (doc, *snap.others):
        try:
            open_by_rel.setdefault(o.path.absolute().relative_to(result.root).as_posix(), o)
        except ValueError:
            pass
    sources = dict(result.sources or {})
    for r, o in open_by_rel.items():
        sources[r] = o.text
    result = attach_fixes(replace(result, sources=sources))
    read = make_reader(result.root, sources)
    if not _inside(doc.path, result.root):
        return out
    rel = doc.path.absolute().relative_to(result.root).as_posix()

    layout = result.layout
    for f in getattr(layout, "files", ()) or ():
        out.layout_files.add(os.path.normpath(str(result.root / f)))

    this = TextIndex(doc.text, codec)  # the document's own index
    indexes: dict[str, TextIndex | None] = {rel: this}

    def index_of(path: str) -> TextIndex | None:
        if path not in indexes:
            text = read(path)
            indexes[path] = TextIndex(text, codec) if text is not None else None
        return indexes[path]

    def uri_of(path: str) -> tuple[str, int | None]:
        hit = open_by_rel.get(path)
        if hit is not None:
            return hit.uri, hit.version
        return from_fs_path(str(result.root / path)) or (result.root / path).as_uri(), None

    for finding in result.active:
        if finding.span.path == rel:
            _add_finding(out, finding, this, index_of, uri_of)
    _add_errors(out, result.errors, doc.path, result.root, this)
    return out


def _add_finding(out: Analysis, finding, this: TextIndex, index_of, uri_of) -> None:
    """The diagnostic of one finding in the document, and its quick fix when it has one
    whose every edit lands in a file we can read."""
    s = finding.span
    diag = lsp.Diagnostic(
        range=this.range(s.line, s.column, s.end_line, s.end_column),
        message=_message(finding),
        severity=lsp.DiagnosticSeverity.Warning if finding.severity == "warning" else lsp.DiagnosticSeverity.Error,
        code=finding.code,
        code_description=lsp.CodeDescription(href=RULE_URL.format(code=finding.code)),
        source=SOURCE,
        related_information=_related(finding, index_of, uri_of),
    )
    out.diagnostics.append(diag)
    if finding.fix is None or not finding.fix.edits:
        return
    changes: dict[str, list[lsp.TextEdit]] = {}
    versions: dict[str, int | None] = {}
    ok = True
    for edit in finding.fix.edits:
        idx = index_of(edit.span.path)
        if idx is None:
            ok = False
            break
        uri, version = uri_of(edit.span.path)
        e = edit.span
        changes.setdefault(uri, []).append(
            lsp.TextEdit(range=idx.range(e.line, e.column, e.end_line, e.end_column), new_text=edit.content))
        versions[uri] = version
    if ok:
        out.fixes.append(QuickFix(diag, _fix_title(finding), finding.fix.applicability == "safe", changes, versions))


def _add_errors(out: Analysis, errors: Iterable[FileError], path: Path, root: Path, this: TextIndex) -> None:
    """The run's file errors: a diagnostic where it is in the document and has a line, a
    message to log otherwise."""
    for err in errors:
        mine = any(same_file(candidate, path) for candidate in _error_paths(err.path, root))
        if mine and err.line:
            out.diagnostics.append(lsp.Diagnostic(
                range=this.line_range(err.line, err.column),
                message=err.message,
                severity=lsp.DiagnosticSeverity.Error,
                source=SOURCE,
            ))
        else:
            where = f"{err.path}:{err.line}" if err.line else err.path
            out.messages.append(f"{where}: {err.message}")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.absolute().relative_to(root)
        return True
    except ValueError:
        return False


def _error_paths(shown: str, root: Path) -> Iterable[str]:
    """FileError paths are shown relative to the current directory (or are absolute)."""
    if os.path.isabs(shown):
        yield shown
        return
    yield os.path.join(os.getcwd(), shown)
    yield os.path.join(str(root), shown)


def safe_analyse(snap: Snapshot) -> Analysis | str:
    try:
        return analyse(snap)
    except AnalysisError as exc:
        return str(exc)
    except RecursionError:
        return "too deeply nested to analyse"
    except Exception as exc:  # boundary: one document's analysis; a bug is logged and shown, the server goes on
        logger.exception("dockwise check failed")
        return f"internal error: {exc!r} (this is a bug in dockwise; please report it)"
