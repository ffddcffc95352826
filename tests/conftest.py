"""Shared test set-up: keep dockwise's result cache out of the user's cache directory, and
``make``, the one helper that writes a small project into a directory, and ``CORPUS``, where
the shared corpus is.

Test modules import them with ``from tests.conftest import make, CORPUS`` (``tests`` is a package
so that this name cannot be confused with ``tests/hostile/conftest.py``)."""
from __future__ import annotations

from pathlib import Path

import pytest


# The shared corpus (small real-world layouts with their expected findings) is not part of the
# repository: it lies next to the checkout (/work/shared beside /work/main) or at /work/shared.
# The tests that read it skip, or have no cases, where it is absent (a fresh clone elsewhere).
_NEXT_TO_CHECKOUT = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPUS = _NEXT_TO_CHECKOUT if _NEXT_TO_CHECKOUT.is_dir() else Path("/work/shared/corpus")


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
