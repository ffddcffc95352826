"""The language server: the open documents, their checks scheduled (debounced, one at a
time in a worker thread) and published, and the LSP features registered on it."""
from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from dockwise import __version__
from dockwise.knowledge import RuleEntry
from dockwise.lsp.actions import FIX_ALL_KIND, code_actions
from dockwise.lsp.analysis import QuickFix, Snapshot, safe_analyse
from dockwise.lsp.documents import OpenDoc, differs_from_disk, document_kind, yaml_parses
from dockwise.lsp.hover import hover_text

logger = logging.getLogger("dockwise.lsp")

CHANGE_DELAY = 0.2  # seconds of quiet after a keystroke before a check
WATCH_GLOBS = (
    "**/*.{yml,yaml}", "**/.env", "**/.env.*", "**/*.env", "**/Dockerfile", "**/Dockerfile.*",
    "**/*.Dockerfile", "**/pyproject.toml",
)


class DockwiseLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("dockwise", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.docs: dict[str, OpenDoc] = {}  # uri (as the client sent it) -> open document
        self.fixes: dict[str, list[QuickFix]] = {}
        self.published: dict[str, list[lsp.Diagnostic]] = {}  # for hover
        self.rules: dict[str, dict[str, RuleEntry]] = {}  # uri -> the rules of its last check (hover)
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
        if yaml_parses(doc.text):
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
                analysis = await asyncio.get_running_loop().run_in_executor(self._worker, safe_analyse, snap)
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
        except Exception as exc:  # boundary: one document's check; a bug is logged, the server goes on
            logger.exception("dockwise check failed")
            self.log(lsp.MessageType.Error, f"dockwise: internal error while checking {uri}: {exc!r}")
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    def log(self, kind: lsp.MessageType, message: str) -> None:
        try:
            self.window_log_message(lsp.LogMessageParams(type=kind, message=message))
        except Exception:  # pragma: no cover - boundary: the client is gone; the message goes to the log instead
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
        return code_actions(self.fixes.get(params.text_document.uri, []), params, self._document_changes_supported())

    def _document_changes_supported(self) -> bool:
        caps = self.client_capabilities
        ws = getattr(caps, "workspace", None)
        we = getattr(ws, "workspace_edit", None) if ws is not None else None
        return bool(getattr(we, "document_changes", False))


def create_server() -> DockwiseLanguageServer:
    """The server with its LSP features registered."""
    server = DockwiseLanguageServer()
    _register_file_watchers(server)
    _register_document_sync(server)
    _register_requests(server)
    return server


def _register_file_watchers(server: DockwiseLanguageServer) -> None:
    """Once initialised, ask the client to report changes to layout files (where it can)."""

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
        except Exception as exc:  # boundary: an optional request the client refused (logged); editors re-check on save
            logger.info("could not register file watchers: %r", exc)


def _register_document_sync(server: DockwiseLanguageServer) -> None:
    """Open, change, save and close of documents, and watched files changed on disk."""

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: DockwiseLanguageServer, params: lsp.DidOpenTextDocumentParams) -> None:
        td = params.text_document
        doc = ls.track(td.uri, td.text, td.version, td.language_id)
        if doc is None:
            return
        ls.schedule(td.uri, 0.0)
        if ls.affects_layout(doc.path) and differs_from_disk(doc):
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


def _register_requests(server: DockwiseLanguageServer) -> None:
    """Hover and code actions; a failing request answers nothing, never an error."""

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
        except Exception:  # boundary: the hover request; a bug is logged, the request answers nothing
            logger.exception("hover failed")
            return None

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=False),
    )
    def code_action(ls: DockwiseLanguageServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        try:
            return ls.code_actions(params) or None
        except Exception:  # boundary: the code action request; a bug is logged, the request answers nothing
            logger.exception("code actions failed")
            return None
