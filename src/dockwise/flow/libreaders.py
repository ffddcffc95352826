"""Whether anything in a container that runs the project's Python can read a variable it
never names.

A shared ``.env`` (``env_file: .env``) gives every service that loads it every variable,
``DATABASE_URL`` of the web application included.  A strong name is kept as evidence because
a library may read it by its documented name without the project writing it
(``dj_database_url.config()``, Celery's ``CELERY_BROKER_URL``, libpq's ``PGHOST``).  Where the
container's start command runs the project's Python (followed, not the fallback), no file it
runs nor its start command names the variable, and every module that code imports is the
project's own, of the standard library, or a library known to read no address from the
environment on its own (``rules/flow.yaml`` env_inert_libraries: an MQTT client, python-dotenv),
nothing there reads it: the value is another service's setting, not dialled there.
"""
from __future__ import annotations

import posixpath
import re
import sys
from typing import Callable, Iterable

from dockwise.runs.scan import ModuleScan

__all__ = ["opaque", "read_nowhere"]

# a line that starts another program (which may read any variable of the environment it inherits)
_STARTS_PROGRAM = re.compile(r"\bsubprocess\b|\bos\.(?:system|popen|exec\w*|spawn\w*|posix_spawn\w*)\b|\bpty\.spawn\b")
# the environment read by a name computed at run time, or whole (a loop over it, a copy, a
# template or a config file filled from it: `os.getenv(key)`, `os.path.expandvars(text)`), or
# a dotenv file read whole into a mapping (python-dotenv's `dotenv_values()`)
_COMPUTED_READ = re.compile(
    r"\bexpandvars\b|\bdotenv_values\b"
    r"|\bgetenv\s*\(\s*(?![\"'])"
    r"|\benviron\b(?!\s*(?:\[\s*[\"']|\.(?:get|setdefault|pop)\s*\(\s*[\"']))")
_IMPORT_LINE = re.compile(r"^[ \t]*(?:from|import)\b.*$", re.MULTILINE)

_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {"__future__"}


def opaque(text: str) -> bool:
    """``text`` (a module's) starts another program, or reads the environment by a name it
    computes or whole: what it reads is not written."""
    return bool(_STARTS_PROGRAM.search(text) or _COMPUTED_READ.search(_IMPORT_LINE.sub("", text)))


def read_nowhere(modules: Iterable[str], texts: Iterable[str], scan: Callable[[str], ModuleScan],
                 name: str, inert: Iterable[str]) -> bool:
    """``modules`` (the files a container runs) and ``texts`` (their text, and its start
    scripts and command words) never name ``name`` (letter case ignored, as settings fields
    read it), and every import of those modules is relative, of the project (a directory or
    module among ``modules``' paths), of the standard library, or of ``inert``; none imports a
    module by a name computed at run time."""
    if not _STDLIB:
        return False  # an interpreter that cannot tell the standard library: keep
    lowered = name.lower()
    for text in texts:
        if lowered in text.lower():
            return False
    mods = tuple(modules)
    if not mods:
        return False
    own: set[str] = set()
    for rel in mods:
        parts = rel.split("/")
        own.update(parts[:-1])
        own.add(posixpath.splitext(parts[-1])[0])
    known = _STDLIB | own | frozenset(inert)
    for rel in mods:
        s = scan(rel)
        if s.dynamic:
            return False  # a plugin loader: what it imports is not written
        for ref in s.imports:
            if ref.level or not ref.module:
                continue
            if ref.module.split(".", 1)[0] not in known:
                return False
    return True
