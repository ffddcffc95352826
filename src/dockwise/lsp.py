"""`dockwise lsp`: a Language Server (pygls 2) over stdio.

- ``textDocument/didOpen`` / ``didChange`` (full sync) / ``didSave``: the document is checked
  with its in-memory text, and every other open document's in-memory text overrides the file
  on disk too (an unsaved Compose edit counts).  Diagnostics: the findings in that document
  (0-based LSP positions, columns in the negotiated position encoding, UTF-16 by default),
  ``code`` = rule code with a link to the rule entry, ``source`` = "dockwise", plus the file
  errors (syntax errors, unloadable Compose files) that have a line.
- Python files are checked; Compose (YAML), ``.env`` and Dockerfiles are checked for the
  values they hold, and a change to one of them (or to ``pyproject.toml``, or to any file the
  layout was read from) re-checks every open document, because the layout judges them all.
- ``textDocument/codeAction``: a quick fix per finding with edits in the requested range
  (``isPreferred`` when safe, "(unsafe)" in the title otherwise; edits may touch other files,
  e.g. ``extra_hosts`` in compose.yaml) and a ``source.fixAll.dockwise`` action with every
  safe fix of the document.
- Configuration: ``[tool.dockwise]`` of the nearest pyproject.toml, read on every check.  Test
  code and excluded files get no diagnostics unless configured (as with ``dockwise check``).

Checks run one at a time in a worker thread, debounced per document; a failing check is
logged (``window/logMessage``) and publishes nothing: the server never goes down with it.
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml
from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace.position_codec import PositionCodec

from dockwise import __version__
from dockwise.config import ConfigError, load_config
from dockwise.discover import find_root, is_test_path, matches_any
from dockwise.engine import run_check
from dockwise.fix.plan import attach_fixes, make_reader
from dockwise.fix.text import line_starts
from dockwise.report import safe, suggestion_text

logger = logging.getLogger("dockwise.lsp")

SOURCE = "dockwise"
RULE_URL = "https://github.com/dockwise/dockwise/blob/main/rules/codes/{code}.yaml"
FIX_ALL_KIND = "source.fixAll.dockwise"
CHANGE_DELAY = 0.2  # seconds of quiet after a keystroke before a check
WATCH_GLOBS = (
    "**/*.{yml,yaml}", "**/.env", "**/.env.*", "**/*.env", "**/Dockerfile", "**/Dockerfile.*",
    "**/*.Dockerfile", "**/pyproject.toml",
)

# ----------------------------------------------------------------------------- document kinds

_LAYOUT_LANGUAGES = {"yaml", "dockercompose", "docker-compose", "compose", "dotenv", "env", "dockerfile"}


def document_kind(path: Path, language_id: str | None = None) -> str | None:
    """"python", "layout" (Compose/YAML, .env, Dockerfile), "config" (pyproject.toml) or None."""
    name = path.name
    lower = name.lower()
    if lower.endswith((".py", ".pyw")):
        return "python"
    if lower.endswith((".yml", ".yaml")):
        return "layout"
    if lower == ".env" or lower.startswith(".env.") or lower.endswith(".env"):
        return "layout"
    if lower == "dockerfile" or lower.startswith("dockerfile.") or lower.endswith(".dockerfile"):
        return "layout"
    if name == "pyproject.toml":
        return "config"
    if language_id == "python":
        return "python"
    if language_id in _LAYOUT_LANGUAGES:
        return "layout"
    return None


# ----------------------------------------------------------------------------- positions


def _line_starts(text: str) -> tuple[int, ...]:
    return line_starts(text)


class TextIndex:
    """1-based code-point (line, column) -> LSP Position in the client's encoding."""

    def __init__(self, text: str, codec: PositionCodec) -> None:
        self.text = text
        self.codec = codec
        self.starts = _line_starts(text)

    def line_text(self, index: int) -> str:
        begin = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        line = self.text[begin:end]
        return line.rstrip("\r\n")

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def position(self, line: int, column: int) -> lsp.Position:
        index = line - 1
        if index < 0:
            return lsp.Position(0, 0)
        if index >= len(self.starts):  # past the end: the end of the last line
            index = len(self.starts) - 1
            column = len(self.line_text(index)) + 1
        text = self.line_text(index)
        col = min(max(column - 1, 0), len(text))
        return lsp.Position(index, self.codec.client_num_units(text[:col]))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> lsp.Range:
        return lsp.Range(self.position(line, column), self.position(end_line, end_column))

    def line_range(self, line: int, column: int | None = None) -> lsp.Range:
        """From ``column`` (or the first non-blank character) to the end of ``line``."""
        index = min(max(line - 1, 0), len(self.starts) - 1)
        text = self.line_text(index)
        if column is None or column < 1:
            column = len(text) - len(text.lstrip()) + 1
        end = len(text) + 1
        if column >= end:  # an error at the end of a line: mark its last character
            column = max(end - 1, 1)
        return self.range(index + 1, column, index + 1, max(end, column))


def _ranges_touch(a: lsp.Range, b: lsp.Range) -> bool:
    def key(p: lsp.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


# ----------------------------------------------------------------------------- analysis


@dataclass
class OpenDoc:
    uri: str
    path: Path
    text: str
    version: int | None
    language_id: str | None = None


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
    rules: dict[str, dict] = field(default_factory=dict)  # the run's rule entries by code (hover)
    messages: list[str] = field(default_factory=list)  # to log (errors without a line, ...)


class AnalysisError(Exception):
    """A check that could not run (bad configuration): logged, nothing published."""


def _same_file(a: str | Path, b: str | Path) -> bool:
    a, b = os.path.normpath(str(a)), os.path.normpath(str(b))
    if os.path.normcase(a) == os.path.normcase(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


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


def hover_text(codes: Iterable[str], entries: dict[str, dict]) -> str | None:
    """Markdown for the rules of the diagnostics under the cursor: code, name, the short
    explanation of ``rules/codes/<CODE>.yaml`` and a link to the whole entry.  ``entries``:
    the rules of the run that published them (with the configured rule packs)."""
    parts = []
    for code in dict.fromkeys(codes):
        entry = entries.get(code) or {}
        summary = " ".join(str(entry.get("summary") or "").split())
        name = str(entry.get("name") or "")
        parts.append(f"**{code}** `{name}`\n\n{summary}\n\n[{code} documentation]({RULE_URL.format(code=code)})")
    return "\n\n---\n\n".join(parts) or None


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

    overrides = {o.path: o.text for o in snap.others if not _same_file(o.path, doc.path)}
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
        if finding.span.path != rel:
            continue
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
            continue
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

    for err in result.errors:
        mine = any(_same_file(candidate, doc.path) for candidate in _error_paths(err.path, result.root))
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
    return out


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


# ----------------------------------------------------------------------------- the server


class DockwiseLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("dockwise", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.docs: dict[str, OpenDoc] = {}  # uri (as the client sent it) -> open document
        self.fixes: dict[str, list[QuickFix]] = {}
        self.published: dict[str, list[lsp.Diagnostic]] = {}  # for hover
        self.rules: dict[str, dict[str, dict]] = {}  # uri -> the rules of its last check (hover)
        self.good_yaml: dict[str, str] = {}  # uri -> the last text of a YAML document that parsed
        self.stale_logged: dict[str, int | None] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.layout_files: set[str] = set()
        self.change_delay = CHANGE_DELAY
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dockwise-check")

    # -- documents

    def track(self, uri: str, text: str, version: int | None, language_id: str | None = None) -> OpenDoc | None:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if path is None:
            return None
        doc = OpenDoc(uri, Path(path), text, version, language_id)
        self.docs[uri] = doc
        return doc

    def kind(self, doc: OpenDoc) -> str | None:
        kind = document_kind(doc.path, doc.language_id)
        if kind is None and os.path.normpath(str(doc.path)) in self.layout_files:
            return "layout"
        return kind

    def _last_good(self, doc: OpenDoc) -> OpenDoc:
        """``doc`` as the other documents' checks see it: a YAML layout file that does not
        parse right now (mid-edit) counts with the last text of it that did, so one
        unfinished line in compose.yaml does not drop every diagnostic of every file."""
        if not doc.path.name.lower().endswith((".yml", ".yaml")):
            return replace(doc)
        if _yaml_parses(doc.text):
            self.good_yaml[doc.uri] = doc.text
            return replace(doc)
        good = self.good_yaml.get(doc.uri)
        if good is None:
            return replace(doc)
        if self.stale_logged.get(doc.uri) != doc.version:
            self.stale_logged[doc.uri] = doc.version
            self.log(lsp.MessageType.Info,
                     f"dockwise: {doc.path} does not parse; judging with the last version of it that did")
        return replace(doc, text=good)

    def affects_layout(self, path: Path) -> bool:
        kind = document_kind(path)
        return kind in ("layout", "config") or os.path.normpath(str(path)) in self.layout_files

    # -- scheduling

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        doc = self.docs.get(uri)
        if doc is None or self.kind(doc) not in ("python", "layout"):
            return
        self.pending[uri] = asyncio.get_running_loop().create_task(self._check_later(uri, delay))

    def schedule_all(self, delay: float = 0.0, *, except_uri: str | None = None) -> None:
        for uri in list(self.docs):
            if uri != except_uri:
                self.schedule(uri, delay)

    async def _check_later(self, uri: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            doc = self.docs.get(uri)
            if doc is None:
                return
            snap = Snapshot(
                doc=replace(doc),
                others=[self._last_good(o) for u, o in self.docs.items() if u != uri],
                encoding=self.workspace.position_encoding,
            )
            try:
                analysis = await asyncio.get_running_loop().run_in_executor(self._worker, _safe_analyse, snap)
            except asyncio.CancelledError:
                raise
            if uri not in self.docs:
                return
            if isinstance(analysis, str):  # the check failed: say so, publish nothing
                self.log(lsp.MessageType.Error, f"dockwise: {doc.path}: {analysis}")
                return
            new_layout = analysis.layout_files - self.layout_files
            self.layout_files |= analysis.layout_files
            for message in analysis.messages:
                self.log(lsp.MessageType.Warning, f"dockwise: {message}")
            self.fixes[uri] = analysis.fixes
            self.published[uri] = analysis.diagnostics
            self.rules[uri] = analysis.rules
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=analysis.diagnostics, version=doc.version))
            if new_layout:
                # a layout file open in the editor but not recognised by its name until now
                for other, odoc in self.docs.items():
                    if other != uri and os.path.normpath(str(odoc.path)) in new_layout and other not in self.pending:
                        self.schedule(other)
        except asyncio.CancelledError:
            pass
        except Exception as exc:  # never take the server down
            logger.exception("dockwise check failed")
            self.log(lsp.MessageType.Error, f"dockwise: internal error while checking {uri}: {exc!r}")
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    def log(self, kind: lsp.MessageType, message: str) -> None:
        try:
            self.window_log_message(lsp.LogMessageParams(type=kind, message=message))
        except Exception:  # pragma: no cover - the client is gone
            logger.warning("%s", message)

    def changed(self, uri: str, delay: float) -> None:
        doc = self.docs.get(uri)
        if doc is None:
            return
        self.schedule(uri, delay)
        if self.affects_layout(doc.path):
            self.schedule_all(delay, except_uri=uri)

    # -- code actions

    def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        fixes = self.fixes.get(uri, [])
        only = params.context.only
        want_quickfix = _wanted(only, lsp.CodeActionKind.QuickFix)
        want_fix_all = _wanted(only, FIX_ALL_KIND)
        doc_changes = self._document_changes_supported()
        actions: list[lsp.CodeAction] = []
        if want_quickfix:
            asked = params.context.diagnostics or []
            for fix in fixes:
                d = fix.diagnostic
                hit = _ranges_touch(d.range, params.range) or any(
                    a.code == d.code and a.range == d.range and (a.source in (None, SOURCE)) for a in asked)
                if not hit:
                    continue
                actions.append(lsp.CodeAction(
                    title=fix.title,
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[d],
                    is_preferred=fix.safe,
                    edit=_workspace_edit(fix.changes, fix.versions, doc_changes),
                ))
        if want_fix_all:
            merged: dict[str, list[lsp.TextEdit]] = {}
            versions: dict[str, int | None] = {}
            diags = []
            for fix in fixes:
                if not fix.safe:
                    continue
                trial = {u: list(e) for u, e in merged.items()}
                clash = False
                for u, edits in fix.changes.items():
                    have = trial.setdefault(u, [])
                    for e in edits:
                        if e in have:
                            continue
                        if any(_overlap(e.range, h.range) for h in have):
                            clash = True
                            break
                        have.append(e)
                    if clash:
                        break
                if clash:
                    continue
                merged = trial
                versions.update(fix.versions)
                diags.append(fix.diagnostic)
            if diags:
                actions.append(lsp.CodeAction(
                    title="dockwise: fix all safely fixable problems",
                    kind=FIX_ALL_KIND,
                    diagnostics=diags,
                    edit=_workspace_edit(merged, versions, doc_changes),
                ))
        return actions

    def _document_changes_supported(self) -> bool:
        caps = self.client_capabilities
        ws = getattr(caps, "workspace", None)
        we = getattr(ws, "workspace_edit", None) if ws is not None else None
        return bool(getattr(we, "document_changes", False))


def _wanted(only: Sequence[str] | None, kind: str) -> bool:
    if not only:
        return True
    return any(kind == k or kind.startswith(str(k) + ".") for k in only)


def _overlap(a: lsp.Range, b: lsp.Range) -> bool:
    """Two edits that cannot both be applied: overlapping replacements, an insertion strictly
    inside a replaced range, or two different insertions at one point (order unknown)."""
    def key(p: lsp.Position) -> tuple[int, int]:
        return (p.line, p.character)

    a0, a1, b0, b1 = key(a.start), key(a.end), key(b.start), key(b.end)
    if a0 == a1 and b0 == b1:
        return a0 == b0
    if a0 == a1:
        return b0 < a0 < b1
    if b0 == b1:
        return a0 < b0 < a1
    return a0 < b1 and b0 < a1


def _workspace_edit(changes: dict[str, list[lsp.TextEdit]], versions: dict[str, int | None],
                    document_changes: bool) -> lsp.WorkspaceEdit:
    if not document_changes:
        return lsp.WorkspaceEdit(changes=changes)
    return lsp.WorkspaceEdit(document_changes=[
        lsp.TextDocumentEdit(
            text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=versions.get(uri)),
            edits=list(edits),
        )
        for uri, edits in changes.items()
    ])


def _safe_analyse(snap: Snapshot) -> Analysis | str:
    try:
        return analyse(snap)
    except AnalysisError as exc:
        return str(exc)
    except RecursionError:
        return "too deeply nested to analyse"
    except Exception as exc:
        logger.exception("dockwise check failed")
        return f"internal error: {exc!r} (this is a bug in dockwise; please report it)"


def create_server() -> DockwiseLanguageServer:
    server = DockwiseLanguageServer()

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: DockwiseLanguageServer, params: lsp.InitializedParams) -> None:
        caps = ls.client_capabilities
        ws = getattr(caps, "workspace", None)
        watched = getattr(ws, "did_change_watched_files", None) if ws is not None else None
        if not getattr(watched, "dynamic_registration", False):
            return
        try:
            await ls.client_register_capability_async(lsp.RegistrationParams(registrations=[
                lsp.Registration(
                    id="dockwise-layout-files",
                    method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=lsp.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[lsp.FileSystemWatcher(glob_pattern=g) for g in WATCH_GLOBS]),
                ),
            ]))
        except Exception as exc:  # optional: editors re-check on save anyway
            logger.info("could not register file watchers: %r", exc)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: DockwiseLanguageServer, params: lsp.DidOpenTextDocumentParams) -> None:
        td = params.text_document
        doc = ls.track(td.uri, td.text, td.version, td.language_id)
        if doc is None:
            return
        ls.schedule(td.uri, 0.0)
        if ls.affects_layout(doc.path) and _differs_from_disk(doc):
            ls.schedule_all(0.0, except_uri=td.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: DockwiseLanguageServer, params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        doc = ls.docs.get(uri)
        if doc is None:
            return
        text = ls.workspace.get_text_document(uri).source
        ls.docs[uri] = replace(doc, text=text, version=params.text_document.version)
        ls._last_good(ls.docs[uri])  # remembers the text while it parses
        ls.changed(uri, ls.change_delay)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: DockwiseLanguageServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        doc = ls.docs.get(uri)
        if doc is None:
            return
        if params.text is not None:
            ls.docs[uri] = replace(doc, text=params.text)
        ls.changed(uri, 0.0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: DockwiseLanguageServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        doc = ls.docs.pop(uri, None)
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.fixes.pop(uri, None)
        ls.published.pop(uri, None)
        ls.rules.pop(uri, None)
        ls.good_yaml.pop(uri, None)
        if doc is None:
            return
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        if ls.affects_layout(doc.path):
            ls.schedule_all(0.0)  # the file on disk applies again

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def watched(ls: DockwiseLanguageServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            path = to_fs_path(change.uri)
            if path is not None and ls.affects_layout(Path(path)):
                ls.schedule_all(ls.change_delay)
                return

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: DockwiseLanguageServer, params: lsp.HoverParams) -> lsp.Hover | None:
        try:
            pos = params.position
            codes = [str(d.code) for d in ls.published.get(params.text_document.uri, ())
                     if (d.range.start.line, d.range.start.character) <= (pos.line, pos.character)
                     <= (d.range.end.line, d.range.end.character)]
            text = hover_text(codes, ls.rules.get(params.text_document.uri, {}))
            if text is None:
                return None
            return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text))
        except Exception:  # never fail the request
            logger.exception("hover failed")
            return None

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False),
    )
    def code_action(ls: DockwiseLanguageServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        try:
            return ls.code_actions(params) or None
        except Exception:  # never fail the request
            logger.exception("code actions failed")
            return None

    return server


def _yaml_parses(text: str) -> bool:
    try:
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return True
    except Exception:
        return False


def _differs_from_disk(doc: OpenDoc) -> bool:
    try:
        return doc.path.read_text(encoding="utf-8-sig") != doc.text
    except (OSError, UnicodeDecodeError):
        return True


def serve() -> None:
    """Run the language server over stdio until the client says exit."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="dockwise-lsp %(levelname)s: %(message)s")
    server = create_server()
    try:
        server.start_io()
    finally:
        server._worker.shutdown(wait=False, cancel_futures=True)
