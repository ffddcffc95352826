"""Whether a container that runs none of the project's Python can read a variable at all.

A shared ``.env`` often goes to every service of a stack, a Node frontend included: a
strong-named value in it (``QDRANT_URL=http://localhost:6333``) is evidence for the services
whose code reads it, not for a container whose code never names the variable.  Such a
container (built from the project, running none of its Python, its image not one whose
variables dockwise knows) is taken to read the variable only if a file it is built from names
it: a Prisma schema's ``env("DATABASE_URL")``, a ``process.env.QDRANT_URL``.  Where the files
are too many to read, it is kept: no evidence of absence.
"""
from __future__ import annotations

import os
from typing import Any

from dockwise.discover import SKIP_DIRS

__all__ = ["never_named"]

_MAX_FILES = 5_000
_MAX_BYTES = 1_000_000


def never_named(files: Any, roots: tuple[str, ...], name: str, cache: dict, *, any_case: bool = False) -> bool:
    """No file below the project paths ``roots`` (files or directories; ``files``: the run's
    ``ProjectFiles``) names ``name`` (``any_case``: in any letter case, as a settings field
    ``db_port`` names ``DB_PORT``).  False when a root holds too many files to read."""
    key = (roots, name, any_case)
    hit = cache.get(key)
    if hit is None:
        listed = cache.get(roots)
        if listed is None:
            listed = cache[roots] = _listed(files, roots)
        hit = cache[key] = listed is not None and not any(_names(files, rel, name, any_case) for rel in listed)
    return hit


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
            return name.lower().encode() in data.lower() if any_case else name.encode() in data
    except OSError:
        return False
