"""The layout stage's one confined reader: every file it reads goes through here, so
nothing outside the project root is read (symlinks resolved), files over
``MAX_FILE_BYTES`` or not UTF-8 are refused with a reason, ``read_file`` (the LSP's
in-memory buffers) is used when given, and every file read is recorded."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from dockwise.layout.compose import ReadFailure, outside_root
from dockwise.layout.paths import norm_path

MAX_FILE_BYTES = 5_000_000


class ConfinedReader:
    """Reads the files of the tree at ``root`` (memoised); ``files``: the files read."""

    def __init__(self, root: Path, read_file: Callable[[Path], bytes] | None) -> None:
        self.root = Path(root).absolute()
        try:
            self.root_real = os.path.realpath(self.root)
        except (OSError, ValueError):
            self.root_real = str(self.root)
        self.read_file = read_file
        self.files: list[str] = []
        self.texts: dict[str, str | ReadFailure] = {}
        self.inside: dict[str, bool] = {}
        self.isfile: dict[str, bool] = {}

    def in_repository(self) -> bool:
        """The root is a repository's top (it holds ``.git``, a directory or a submodule's
        file), not a directory guessed from a Compose file: a path leaving it is then
        outside the checkout, another repository beside it."""
        try:
            return (self.root / ".git").exists()
        except (OSError, ValueError):
            return False

    def _inside(self, rel: str) -> bool:
        """``rel`` (symlinks resolved) lies inside the project root."""
        hit = self.inside.get(rel)
        if hit is None:
            hit = False
            if not outside_root(rel) and "\x00" not in rel:
                try:
                    real = os.path.realpath(self.root / rel) if rel else self.root_real
                    hit = real == self.root_real or real.startswith(self.root_real.rstrip(os.sep) + os.sep)
                except (OSError, ValueError):
                    hit = False
            self.inside[rel] = hit
        return hit

    def read(self, rel: str) -> str:
        rel = norm_path(rel)
        text = self._memo(rel)
        if isinstance(text, ReadFailure):
            raise text
        if rel not in self.files:
            self.files.append(rel)
        return text

    def _memo(self, rel: str) -> str | ReadFailure:
        """The text of ``rel`` or why it cannot be read, read once."""
        hit = self.texts.get(rel)
        if hit is None:
            try:
                hit = self._read(rel)
            except ReadFailure as exc:
                hit = exc
            self.texts[rel] = hit
        return hit

    def _read(self, rel: str) -> str:
        if "\x00" in rel:
            raise ReadFailure("invalid path")
        if not self._inside(rel):
            raise ReadFailure("outside the project root: refused")
        full = self.root / rel
        try:
            if self.read_file is not None:
                data = self.read_file(full)
            else:
                st = full.stat()
                if not full.is_file():
                    raise ReadFailure("not a regular file", directory=full.is_dir())
                if st.st_size > MAX_FILE_BYTES:
                    raise ReadFailure(f"larger than {MAX_FILE_BYTES} bytes: not read")
                data = full.read_bytes()
        except ReadFailure:
            raise
        except FileNotFoundError:
            raise ReadFailure("no such file", missing=True) from None
        except NotADirectoryError:
            raise ReadFailure("no such file", missing=True) from None
        except IsADirectoryError:
            raise ReadFailure("is a directory", directory=True) from None
        except PermissionError:
            raise ReadFailure("permission denied") from None
        except (OSError, ValueError) as exc:
            raise ReadFailure(f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
        if isinstance(data, str):
            return data
        if len(data) > MAX_FILE_BYTES:
            raise ReadFailure(f"larger than {MAX_FILE_BYTES} bytes: not read")
        try:
            return bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ReadFailure("not UTF-8 text") from None

    def _read_quiet(self, rel: str) -> str | None:
        """A build or entrypoint script's text, or None; not recorded as a layout file (an
        entrypoint script many services share is read once)."""
        hit = self._memo(norm_path(rel))
        return None if isinstance(hit, ReadFailure) else hit

    def is_file(self, rel: str) -> bool:
        hit = self.isfile.get(rel)
        if hit is None:
            if not self._inside(rel):
                hit = False
            elif rel in self.texts and not isinstance(self.texts[rel], ReadFailure):
                hit = True
            else:
                try:
                    hit = (self.root / rel).is_file()
                except (OSError, ValueError):
                    hit = False
            self.isfile[rel] = hit
        return hit

    def exists(self, rel: str) -> bool:
        """Whether ``rel`` is a file or a directory inside the root."""
        return self.is_file(rel) or self.is_dir(rel)

    def is_dir(self, rel: str) -> bool:
        if not rel:
            return True
        if not self._inside(rel):
            return False
        try:
            return (self.root / rel).is_dir()
        except (OSError, ValueError):
            return False
