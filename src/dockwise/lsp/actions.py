"""Code actions: a quick fix per finding whose diagnostic is in the requested range, and
one ``source.fixAll.dockwise`` action with every safe fix of the document that does not
clash with another."""
from __future__ import annotations

from typing import Sequence

from lsprotocol import types as lsp

from dockwise.lsp.analysis import SOURCE, QuickFix

FIX_ALL_KIND = "source.fixAll.dockwise"


def _ranges_touch(a: lsp.Range, b: lsp.Range) -> bool:
    def key(p: lsp.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


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


def code_actions(fixes: list[QuickFix], params: lsp.CodeActionParams, doc_changes: bool) -> list[lsp.CodeAction]:
    """The code actions for a request on a document whose last check gave ``fixes``;
    ``doc_changes``: whether the client takes versioned document changes."""
    only = params.context.only
    want_quickfix = _wanted(only, lsp.CodeActionKind.QuickFix)
    want_fix_all = _wanted(only, FIX_ALL_KIND)
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
