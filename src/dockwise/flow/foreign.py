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
import stat
from typing import Any

from dockwise.discover import SKIP_DIRS

__all__ = ["never_named"]

_MAX_FILES = 5_000
_MAX_BYTES = 1_000_000


def never_named(files: Any, roots: tuple[str, ...], name: str, cache: dict) -> bool:
    """No file below the project paths ``roots`` (files or directories) names ``name``.
    False when a root cannot be read or holds too many files to read."""
    key = (roots, name)
    hit = cache.get(key)
    if hit is None:
        texts = _texts(files, roots, cache)
        hit = cache[key] = texts is not None and not any(name in t for t in texts)
    return hit


def _texts(files: Any, roots: tuple[str, ...], cache: dict) -> list[str] | None:
    key = ("texts", roots)
    if key not in cache:
        cache[key] = _read(files, roots)
    return cache[key]


def _read(files: Any, roots: tuple[str, ...]) -> list[str] | None:
    paths: list[str] = []
    for root in roots:
        top = os.path.join(files.top, root) if root else files.top
        below = [top] if os.path.isfile(top) else _below(top)
        if below is None:
            return None
        paths.extend(below)
        if len(paths) > _MAX_FILES:
            return None  # too many to read: no evidence of absence
    out: list[str] = []
    for path in paths:
        try:
            st = os.lstat(path)  # a link (out of the tree, to a device or a pipe) is not read
            if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_BYTES:
                continue
            with open(path, "rb") as fh:
                out.append(fh.read().decode("utf-8", "replace"))
        except OSError:
            continue
    return out


def _below(top: str) -> list[str] | None:
    if not os.path.isdir(top):
        return None
    out: list[str] = []
    for d, dirs, names in os.walk(top):  # no links followed (os.walk's default)
        dirs[:] = [x for x in dirs if x not in SKIP_DIRS and not x.startswith(".")]
        out.extend(os.path.join(d, n) for n in names)
        if len(out) > _MAX_FILES:
            return None
    return out
