"""Where dockwise keeps its caches (the result cache, the parsed rule packs), and how a
file there is written so that concurrent runs never see half of it.

Below both ``cache.py`` and ``knowledge/loader.py``, which each store files there.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def default_cache_base() -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "dockwise"
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "dockwise" / "cache"
    return Path.home() / ".cache" / "dockwise"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file renamed over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
