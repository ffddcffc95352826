"""Whether the Python a container runs can read a nested settings variable at all.

A shared ``.env`` often serves several applications of one repository, each reading its own
part through pydantic-settings classes with their own prefix (``env_prefix="API__"`` in one
service, ``"WORKER__"`` in another, ``env_nested_delimiter="__"``).  A variable of the
other application's part (``API__POSTGRES__HOST``) is then read nowhere in a container whose
settings classes all take another prefix and whose code never names it: a service it names
is dialled by the other application, not there.

Only names written with the nested delimiter (``__``) are judged so: a plain ``DATABASE_URL``
or ``PGHOST`` may be read by a library by its documented name.  Where a module the container
runs declares a settings class without a prefix (it may read any name its fields compose),
the variable is kept.
"""
from __future__ import annotations

import re
from typing import Iterable

__all__ = ["prefixed_out"]

_PREFIX = re.compile(r"""\benv_prefix\s*[=:]\s*[rRuU]?(["'])(.*?)\1""")
_SETTINGS_CLASS = re.compile(r"^[ \t]*class[ \t]+\w+[ \t]*\([^)]*\bBaseSettings\b", re.MULTILINE)


def prefixed_out(texts: Iterable[str], name: str) -> bool:
    """No text of ``texts`` (the modules and scripts a container runs) names ``name``, and
    the settings classes they declare all take a prefix ``name`` does not start with (at
    least one such class; letter case ignored, as pydantic-settings reads names)."""
    if "__" not in name.strip("_"):
        return False
    lowered = name.lower()
    prefixes: list[str] = []
    for text in texts:
        low = text.lower()
        if lowered in low:
            return False  # named: read as it is written
        classes = len(_SETTINGS_CLASS.findall(text))
        if not classes:
            continue
        found = [m.group(2) for m in _PREFIX.finditer(text)]
        if len(found) < classes:
            return False  # a settings class without a prefix may read any name
        prefixes += found
    return bool(prefixes) and not any(lowered.startswith(p.lower()) for p in prefixes)
