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

The package's modules: documents (kinds, positions), analysis (a check -> diagnostics and
quick fixes), actions (code actions), hover, server (the server and its handlers); here is
its one entry point, :func:`serve`, which the CLI calls.
"""
from __future__ import annotations

import logging
import sys

from dockwise.lsp.server import create_server


def serve() -> None:
    """Run the language server over stdio until the client says exit."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="dockwise-lsp %(levelname)s: %(message)s")
    server = create_server()
    try:
        server.start_io()
    finally:
        server._worker.shutdown(wait=False, cancel_futures=True)
