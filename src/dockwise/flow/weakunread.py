"""Whether a weak-named variable whose value names a service is read in a container at all.

A Compose value such as ``SHOP_URL=http://shop:8081`` is evidence by its form alone: its host
is a service of the layout.  Its name is weak (no library reads ``SHOP_URL`` by a documented
name, as ``DATABASE_URL`` is read), so only the container's own files can read it.  A container
built FROM a bare interpreter or distribution image (``python:3.12-slim``: the image reads no
variable of its own) runs only what the project puts in it; where no file it holds names the
variable (in any letter case: a settings field ``shop_url`` reads ``SHOP_URL``), nor its
Dockerfile's instructions that run (ENV and ARG lines are build time), nor its start command or
healthcheck, where no Python file it holds composes names from a prefix (``env_prefix``), reads
the environment by a computed name or whole, or starts another program (``libreaders.opaque``),
and no library listed in ``env_readers`` reads the name, nothing in that container reads the
variable: the value is dialled nowhere there, whatever its port.  Where the files are too many
to read, the container is kept: no evidence of absence."""
from __future__ import annotations

import os
import re
from typing import Any, Iterable

from dockwise.flow.foreign import held_files, never_named
from dockwise.flow.libreaders import composed, library_readers, opaque
from dockwise.knowledge.globs import Glob

__all__ = ["read_held", "weak_unread"]

_BUILD_TIME = re.compile(r"^[ \t]*(?:ENV|ARG)[ \t].*?(?:\\\n.*?)*$", re.IGNORECASE | re.MULTILINE)
_MAX_BYTES = 1_000_000


def weak_unread(files: Any, roots: tuple[str, ...], dockerfile: str | None, words: Iterable[str], name: str,
                cache: dict, *, readers: Iterable[str], composers: Iterable[str], calls: Glob,
                inert: Iterable[str]) -> bool:
    """Nothing in the container whose project files are below ``roots``, built by the
    Dockerfile ``dockerfile`` (a path of ``files``) and started by ``words`` (its command's
    words), reads the weak-named variable ``name`` (see the module's docstring)."""
    # a library reads it by its documented name; one that reads any name (a config loader's
    # `${oc.env:NAME}`, a Prisma schema's `env("NAME")`) reads it where a held file names it
    if library_readers((r for r in readers if r.split()[:1] != ["*"]), name):
        return False
    low = name.lower()
    if any(low in w.lower() for w in words):
        return False
    if dockerfile is not None:
        text = files.text(dockerfile)
        if text is None or low in _BUILD_TIME.sub("", text).lower():
            return False  # (a RUN, a heredoc script, a CMD naming it)
    if not roots or not never_named(files, roots, name, cache, any_case=True):
        return False
    composers = tuple(composers)
    key = ("weak-unread python", roots)
    if key not in cache:
        cache[key] = _python_scan(files, held_files(files, roots, cache), calls, tuple(inert), composers)
    scan = cache[key]  # (the same for every variable asked about: read once per container's files)
    return scan is not None and not composed(scan, name, composers)


def _python_scan(files: Any, listed: tuple[str, ...] | None, calls: Glob, inert: tuple[str, ...],
                 composers: tuple[str, ...]) -> list[str] | None:
    """The texts of the held Python files that write a settings loader's keyword (``composers``),
    the only ones that may compose a variable's name; None where the files are not listed, one
    cannot be read, or one reads the environment unseen (``libreaders.opaque``)."""
    if listed is None:
        return None
    keywords = [c.split()[0] for c in composers if c.split()]
    out: list[str] = []
    for rel in listed:
        if not rel.endswith(".py"):
            continue
        text = read_held(files, rel)
        if text is None or opaque(text, calls, inert):
            return None
        if any(k in text for k in keywords):
            out.append(text)
    return out


def read_held(files: Any, rel: str) -> str | None:
    """The text of the held file ``rel``; None where it is too large to read (``_MAX_BYTES``) or
    cannot be read."""
    try:
        full = os.path.join(files.top, rel)
        if os.path.getsize(full) > _MAX_BYTES:
            return None
        with open(full, "rb") as fh:
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return None
