"""`dockwise lsp` driven by a real LSP client (pytest-lsp) over stdio.

The server runs as ``python -m dockwise lsp`` in a subprocess; the documents' in-memory text
differs from the files on disk throughout, to prove the server judges what the editor holds.
"""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "dockwise", "lsp"])
TIMEOUT = 30.0

COMPOSE = """\
services:
  api:
    build: ./api
  db:
    image: postgres:16
    ports:
      - "15432:5432"
"""

# The emoji is one code point but two UTF-16 code units: the columns after it differ.
BRITTLE = ('import os\nEMOJI = "\U0001f600"; DB = "postgresql://app:secret@localhost:15432/app"\n'
           "import sqlalchemy\nengine = sqlalchemy.create_engine(DB)\n")
LOCALHOST_CP = BRITTLE.splitlines()[1].index("localhost")  # 43 code points
LOCALHOST_U16 = LOCALHOST_CP + 1  # 44 UTF-16 code units


def make_project(root: Path) -> Path:
    (root / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
    (root / "api").mkdir()
    (root / "api" / "Dockerfile").write_text("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n", encoding="utf-8")
    app = root / "api" / "app.py"
    app.write_text("DB = None  # on disk: nothing to flag\n", encoding="utf-8")
    return app


def uri(path: Path) -> str:
    return path.as_uri()


async def start(client: LanguageClient, root: Path, capabilities: lsp.ClientCapabilities | None = None) -> lsp.InitializeResult:
    return await client.initialize_session(lsp.InitializeParams(
        capabilities=capabilities or lsp.ClientCapabilities(),
        root_uri=uri(root),
        workspace_folders=[lsp.WorkspaceFolder(uri=uri(root), name="project")],
    ))


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    await start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()  # shutdown + exit: the server process ends cleanly
    assert lsp_client._server is not None and lsp_client._server.returncode == 0


@pytest_lsp.fixture(config=SERVER)
async def client_utf32(lsp_client: LanguageClient, tmp_path: Path):
    await start(lsp_client, tmp_path, lsp.ClientCapabilities(
        general=lsp.GeneralClientCapabilities(position_encodings=[lsp.PositionEncodingKind.Utf32])))
    yield
    await lsp_client.shutdown_session()


async def diagnostics_for(client: LanguageClient, doc_uri: str, predicate=lambda ds: True) -> list[lsp.Diagnostic]:
    """Wait until the diagnostics published for ``doc_uri`` satisfy ``predicate``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while True:
        found = client.diagnostics.get(doc_uri)
        if found is not None and predicate(list(found)):
            return list(found)
        if loop.time() > deadline:
            raise AssertionError(f"no matching diagnostics for {doc_uri}; last: {found!r}; log: "
                                 f"{[m.message for m in client.log_messages]}")
        await asyncio.sleep(0.05)


def open_doc(client: LanguageClient, path: Path, text: str, language: str = "python", version: int = 1) -> str:
    doc_uri = uri(path)
    client.diagnostics.pop(doc_uri, None)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=doc_uri, language_id=language, version=version, text=text)))
    return doc_uri


def change_doc(client: LanguageClient, doc_uri: str, text: str, version: int) -> None:
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=doc_uri, version=version),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))


def apply_edits(text: str, edits: list[lsp.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) the way an editor does."""
    lines = text.splitlines(keepends=True)

    def offset(pos: lsp.Position) -> int:
        line = lines[pos.line] if pos.line < len(lines) else ""
        before = sum(len(l) for l in lines[:pos.line])
        units = 0
        for i, ch in enumerate(line):
            if units >= pos.character:
                return before + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return before + len(line.rstrip("\r\n"))

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def workspace_changes(edit: lsp.WorkspaceEdit) -> dict[str, list[lsp.TextEdit]]:
    if edit.changes:
        return dict(edit.changes)
    out: dict[str, list[lsp.TextEdit]] = {}
    for change in edit.document_changes or []:
        out.setdefault(change.text_document.uri, []).extend(change.edits)
    return out


def code_actions(client: LanguageClient, doc_uri: str, diag: lsp.Diagnostic, only=None):
    return client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=doc_uri),
        range=diag.range,
        context=lsp.CodeActionContext(diagnostics=[diag], only=only),
    ))


@pytest.mark.asyncio
async def test_diagnostics_code_action_and_apply(client: LanguageClient, tmp_path: Path):
    app = make_project(tmp_path)
    doc_uri = open_doc(client, app, BRITTLE)

    diags = await diagnostics_for(client, doc_uri, lambda ds: len(ds) > 0)
    assert [d.code for d in diags] == ["DW101"]
    d = diags[0]
    assert d.range == lsp.Range(lsp.Position(1, LOCALHOST_U16), lsp.Position(1, LOCALHOST_U16 + len("localhost")))
    assert d.range.start.character == 44
    assert d.severity == lsp.DiagnosticSeverity.Error
    assert d.source == "dockwise"
    assert "db:5432" in d.message and d.message.endswith("suggestion: db:5432")  # no CLI words ("(fixable)")
    assert "secret" not in d.message  # credentials are redacted
    assert d.code_description is not None and d.code_description.href.endswith("DW101.yaml")
    # the evidence: where the value is dialled (line 4: create_engine(DB))
    (related,) = d.related_information
    assert related.location.range.start.line == 3 and "create_engine" in related.message

    # hover over the flagged host: the rule's short explanation and a link
    hover = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=doc_uri), position=lsp.Position(1, LOCALHOST_U16 + 2)))
    assert hover is not None and hover.contents.kind == lsp.MarkupKind.Markdown
    assert "**DW101** `loopback-target`" in hover.contents.value and "DW101.yaml" in hover.contents.value
    assert await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=doc_uri), position=lsp.Position(0, 0))) is None

    actions = await code_actions(client, doc_uri, d)
    quick = [a for a in actions if a.kind == lsp.CodeActionKind.QuickFix]
    assert len(quick) == 1
    action = quick[0]
    assert action.title == "dockwise (DW101): use `db:5432`"
    assert action.is_preferred is True
    assert action.diagnostics and action.diagnostics[0].code == "DW101"
    changes = workspace_changes(action.edit)
    assert list(changes) == [doc_uri]
    assert sorted((e.range.start.character, e.range.end.character, e.new_text) for e in changes[doc_uri]) == [
        (44, 53, "db"), (54, 59, "5432")]
    fixed = apply_edits(BRITTLE, changes[doc_uri])
    assert fixed.splitlines()[1] == 'EMOJI = "\U0001f600"; DB = "postgresql://app:secret@db:5432/app"'

    # the fix-all source action carries the same safe edits
    fix_all = await code_actions(client, doc_uri, d, only=["source.fixAll"])
    assert [a.kind for a in fix_all] == ["source.fixAll.dockwise"]
    assert apply_edits(BRITTLE, workspace_changes(fix_all[0].edit)[doc_uri]) == fixed

    # apply it in the editor: the diagnostic goes away
    client.diagnostics.pop(doc_uri, None)
    change_doc(client, doc_uri, fixed, 2)
    assert await diagnostics_for(client, doc_uri) == []
    assert (tmp_path / "api" / "app.py").read_text(encoding="utf-8").startswith("DB = None")  # disk untouched


@pytest.mark.asyncio
async def test_compose_change_rechecks_open_documents(client: LanguageClient, tmp_path: Path):
    app = make_project(tmp_path)
    source = 'R = "redis://localhost:6379/0"\nimport requests\nrequests.get(R)\n'
    doc_uri = open_doc(client, app, source)
    diags = await diagnostics_for(client, doc_uri, lambda ds: len(ds) > 0)
    assert [d.code for d in diags] == ["DW101"]
    assert diags[0].range == lsp.Range(lsp.Position(0, 13), lsp.Position(0, 22))
    assert "host.docker.internal:6379" in diags[0].message

    # no redis service yet: the fix goes to the host, and adds the host-gateway entry in compose.yaml
    actions = await code_actions(client, doc_uri, diags[0])
    changes = workspace_changes(actions[0].edit)
    compose_uri = uri(tmp_path / "compose.yaml")
    assert set(changes) == {doc_uri, compose_uri}
    assert apply_edits(source, changes[doc_uri]) == 'R = "redis://host.docker.internal:6379/0"\nimport requests\nrequests.get(R)\n'
    assert 'host.docker.internal:host-gateway' in apply_edits(COMPOSE, changes[compose_uri])

    # open compose.yaml and add a redis service in memory (never saved)
    compose_text = COMPOSE + "  cache:\n    image: redis:7\n"
    open_doc(client, tmp_path / "compose.yaml", COMPOSE, language="yaml")
    client.diagnostics.pop(doc_uri, None)
    change_doc(client, compose_uri, compose_text, 2)
    diags = await diagnostics_for(client, doc_uri, lambda ds: any("cache:6379" in d.message for d in ds))
    assert [d.code for d in diags] == ["DW101"]
    assert "suggestion: cache:6379" in diags[0].message
    assert "cache" not in (tmp_path / "compose.yaml").read_text(encoding="utf-8")

    # a brittle value in the Compose document itself is flagged there
    compose_text += "  peer:\n    image: example/peer:1\n    environment:\n      PEER_REDIS_URL: redis://localhost:6380\n"
    change_doc(client, compose_uri, compose_text, 3)
    cdiags = await diagnostics_for(client, compose_uri, lambda ds: len(ds) > 0)
    assert [d.code for d in cdiags] == ["DW101"]
    line = compose_text.splitlines().index("      PEER_REDIS_URL: redis://localhost:6380")
    col = compose_text.splitlines()[line].index("localhost")
    assert cdiags[0].range == lsp.Range(lsp.Position(line, col), lsp.Position(line, col + 9))

    # a Compose edit that does not parse yet (mid-typing): the Python file keeps being judged
    # with the last layout that parsed (the redis service is still there), and the log says so
    client.diagnostics.pop(doc_uri, None)
    change_doc(client, compose_uri, compose_text + "  broken: [unclosed\n", 4)
    cdiags = await diagnostics_for(client, compose_uri, lambda ds: any("YAML" in d.message for d in ds))
    assert cdiags  # the Compose document shows its own error
    client.diagnostics.pop(doc_uri, None)
    change_doc(client, doc_uri, source + "\n", 2)
    diags = await diagnostics_for(client, doc_uri, lambda ds: len(ds) > 0)
    assert [d.code for d in diags] == ["DW101"] and "cache:6379" in diags[0].message
    assert any("judging with the last version" in m.message for m in client.log_messages)

    # closing the unsaved Compose document: the file on disk applies again
    client.diagnostics.pop(doc_uri, None)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=compose_uri)))
    diags = await diagnostics_for(client, doc_uri, lambda ds: any("host.docker.internal" in d.message for d in ds))
    assert [d.code for d in diags] == ["DW101"]


@pytest.mark.asyncio
async def test_unsafe_fix_syntax_error_and_save(client: LanguageClient, tmp_path: Path):
    app = make_project(tmp_path)
    source = 'import os\nQ = os.getenv("REDIS", "redis://localhost:6379/0")\nimport redis\nr = redis.from_url(Q)\n'
    doc_uri = open_doc(client, app, source)
    diags = await diagnostics_for(client, doc_uri, lambda ds: len(ds) > 0)
    actions = await code_actions(client, doc_uri, diags[0], only=[lsp.CodeActionKind.QuickFix])
    assert len(actions) == 1
    assert actions[0].title.endswith("(unsafe)")
    assert not actions[0].is_preferred
    # unsafe fixes are not part of "fix all"
    assert await code_actions(client, doc_uri, diags[0], only=["source.fixAll.dockwise"]) is None

    # a syntax error is a diagnostic at its line; the server keeps going
    client.diagnostics.pop(doc_uri, None)
    change_doc(client, doc_uri, "import os\ndef broken(:\n", 2)
    diags = await diagnostics_for(client, doc_uri, lambda ds: len(ds) > 0)
    assert len(diags) == 1
    assert diags[0].range.start.line == 1
    assert "syntax error" in diags[0].message
    assert diags[0].severity == lsp.DiagnosticSeverity.Error

    # didSave re-checks too
    client.diagnostics.pop(doc_uri, None)
    change_doc(client, doc_uri, source.replace("localhost", "db"), 3)
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=doc_uri)))
    assert await diagnostics_for(client, doc_uri, lambda ds: all(d.code != "DW101" or "db" not in d.message for d in ds)) is not None


@pytest.mark.asyncio
async def test_utf32_position_encoding(client_utf32: LanguageClient, tmp_path: Path):
    app = make_project(tmp_path)
    doc_uri = open_doc(client_utf32, app, BRITTLE)
    diags = await diagnostics_for(client_utf32, doc_uri, lambda ds: len(ds) > 0)
    assert diags[0].range.start == lsp.Position(1, LOCALHOST_CP)
    assert LOCALHOST_CP == 43


@pytest.mark.asyncio
async def test_bad_config_is_logged_not_fatal(client: LanguageClient, tmp_path: Path):
    app = make_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.dockwise]\nnot-a-key = 1\n", encoding="utf-8")
    doc_uri = open_doc(client, app, BRITTLE)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while not any("not-a-key" in m.message for m in client.log_messages):
        assert loop.time() < deadline, "the configuration error was not logged"
        await asyncio.sleep(0.05)
    assert doc_uri not in client.diagnostics
    # fixing the configuration (saved) brings the diagnostics back
    (tmp_path / "pyproject.toml").write_text("[tool.dockwise]\nignore = []\n", encoding="utf-8")
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=doc_uri)))
    diags = await diagnostics_for(client, doc_uri, lambda ds: len(ds) > 0)
    assert [d.code for d in diags] == ["DW101"]
