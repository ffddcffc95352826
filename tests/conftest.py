"""Shared test set-up: keep dockwise's result cache out of the user's cache directory, and
``make``, the one helper that writes a small project into a directory.

Test modules import ``make`` with ``from tests.conftest import make`` (``tests`` is a package
so that this name cannot be confused with ``tests/hostile/conftest.py``)."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


def make(base: Path, files: dict[str, str | bytes], *, git: bool = False) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``base``; text is written as UTF-8
    with its newlines untranslated, so a test sees exactly the bytes it wrote on every platform.

    ``git=True`` also creates an empty ``.git`` directory, which pins the project root there
    (otherwise dockwise would look for the root above ``tmp_path``)."""
    for rel, content in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if git:
        (base / ".git").mkdir(exist_ok=True)
    return base
