"""Whether a container that runs none of the project's Python can read a variable at all.

A shared ``.env`` often goes to every service of a stack, a Node frontend included: a
strong-named value in it (``QDRANT_URL=http://localhost:6333``) is evidence for the services
whose code reads it, not for a container whose code never names the variable.  Such a
container (built from the project, running none of its Python, its image not one whose
variables dockwise knows) is taken to read the variable only if a file it is built from names
it: a Prisma schema's ``env("DATABASE_URL")``, a ``process.env.QDRANT_URL``.  Where the files
are too many to read, it is kept: no evidence of absence.  Where it mounts the stack's
development directory, the files there that it does not run are left out of that search (the
judge says which): the layout's own Compose files, Dockerfiles and env files, which hand the
variable on without reading it, and the start scripts of the other services, which read it in
their own containers.  A script that only copies the
variable into a name it never uses again (``const apiPort = process.env.API_PORT`` and no other
``apiPort``) reads nothing (nor a console line printing it): a dead binding names the variable without
using it.
"""
from __future__ import annotations

import os
import re
from typing import Any

from dockwise.discover import SKIP_DIRS

__all__ = ["held_files", "never_named"]

_MAX_FILES = 5_000
_MAX_BYTES = 1_000_000


def never_named(files: Any, roots: tuple[str, ...], name: str, cache: dict, *, any_case: bool = False,
                skip: frozenset[str] = frozenset()) -> bool:
    """No file below the project paths ``roots`` (files or directories; ``files``: the run's
    ``ProjectFiles``) names ``name`` (``any_case``: in any letter case, as a settings field
    ``db_port`` names ``DB_PORT``), the files ``skip`` left out.  False when a root holds too
    many files to read."""
    key = (roots, name, any_case, skip)
    hit = cache.get(key)
    if hit is None:
        listed = cache.get(roots)
        if listed is None:
            listed = cache[roots] = _listed(files, roots)
        hit = cache[key] = listed is not None and not any(_names(files, rel, name, any_case)
                                                          for rel in listed if rel not in skip)
    return hit


def held_files(files: Any, roots: tuple[str, ...], cache: dict) -> tuple[str, ...] | None:
    """The files below the project paths ``roots`` (as ``never_named`` reads them, listed once
    per set of roots); None past the bound or for a root that is not there."""
    listed = cache.get(roots)
    if listed is None and roots not in cache:
        listed = cache[roots] = _listed(files, roots)
    return listed


def _listed(files: Any, roots: tuple[str, ...]) -> tuple[str, ...] | None:
    """The files of ``roots`` inside the project (the walk that lists a service's modules:
    confined, links to what is outside or to devices and pipes left out); None past the bound
    or for a root that is not there."""
    out: list[str] = []
    for root in roots:
        if files.is_file(root):
            out.append(root)
        elif not files.is_dir(root):
            return None  # nothing to read: no evidence of absence
        else:
            out.extend(files.files_below(root, lambda d: d in SKIP_DIRS or d.startswith("."), _MAX_FILES + 1))
        if len(out) > _MAX_FILES:
            return None
    return tuple(out)


def _names(files: Any, rel: str, name: str, any_case: bool = False) -> bool:
    # read here, not through the files' memoised texts: a frontend's thousands of files are
    # searched for a few names once, not kept for the rest of the run
    try:
        full = os.path.join(files.top, rel)
        if os.path.getsize(full) > _MAX_BYTES:
            return False
        with open(full, "rb") as fh:
            data = fh.read()
    except OSError:
        return False
    found = name.lower().encode() in data.lower() if any_case else name.encode() in data
    if found and rel.endswith(_SCRIPTS):
        return not _dead_bindings_only(data.decode("utf-8", "replace"), name, any_case)
    return found


_SCRIPTS = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx")
# a one-line console call: what it prints is shown, never dialled
_LOG_LINE = re.compile(r"^[ \t]*console\.(?:log|info|warn|error|debug)\(.*\)[ \t;]*$", re.MULTILINE)


def _dead_bindings_only(text: str, name: str, any_case: bool) -> bool:
    """Every mention of ``name`` in the script ``text`` is a declaration binding
    ``process.env.NAME`` to a name the script never mentions again, or sits in a one-line
    console call (printed, not dialled); at least one is such a declaration."""
    flags = re.IGNORECASE if any_case else 0
    var = re.escape(name)
    decls = list(re.finditer(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*process\.env"
                             rf"(?:\.{var}(?![\w$])|\[\s*['\"]{var}['\"]\s*\])", text, flags))
    if not decls:
        return False
    spans = [d.span() for d in decls] + [c.span() for c in _LOG_LINE.finditer(text)]
    for m in re.finditer(var, text, flags):
        if not any(a <= m.start() < b for a, b in spans):
            return False  # a mention outside such a declaration or log line: a read that may be used
    for d in decls:
        uses = re.findall(rf"(?<![\w$]){re.escape(d.group(1))}(?![\w$])", text)
        if len(uses) != 1:
            return False  # the bound name is used (or bound again): the value may be dialled
    return True
