"""The project's files as a container sees them, through its code roots.

A service's code roots say which project directories land where in its container (the
Dockerfile's COPY/ADD, Compose bind mounts).  Start commands, ``sys.path`` and shell
scripts speak in container paths; ``ContainerView`` turns them back into project files.
Every read goes through :class:`ProjectFiles`, which never leaves the project root.
"""
from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Any, Callable, Sequence

from dockwise.discover import SKIP_DIRS, is_test_path
from dockwise.layout.model import CodeRoot

__all__ = ["ProjectFiles", "ContainerView"]

MAX_READ = 2_000_000  # a module larger than this is not scanned for imports


def _norm(path: str) -> str:
    p = posixpath.normpath(path) if path else ""
    return "" if p == "." else p


def _tool_dir(name: str) -> bool:
    """A directory of no project code: hidden, or one of ``SKIP_DIRS``."""
    return name in SKIP_DIRS or name.startswith(".")


class ProjectFiles:
    """Confined, memoised access to the files under the project root (root-relative posix
    paths).  ``overrides``: absolute path -> text (editor buffers)."""

    def __init__(self, root: Path, overrides: dict[Path, str] | None = None,
                 read_bytes: Callable[[Path], bytes] | None = None) -> None:
        self.root = Path(root)
        self.top = str(self.root)
        try:
            self.real = os.path.realpath(self.root)
        except (OSError, ValueError):
            self.real = self.top
        self.overrides = {str(Path(k).absolute()): v for k, v in (overrides or {}).items()}
        self.read_bytes = read_bytes
        self._isfile: dict[str, bool] = {}
        self._isdir: dict[str, bool] = {}
        self._text: dict[str, str | None] = {}
        self._list: dict[str, tuple[str, ...]] = {}
        self._dirs_inside: dict[str, bool] = {}

    def _inside(self, full: str) -> bool:
        """``full`` resolves inside the root: its directory does (asked once per directory)
        and it is no symbolic link that leaves it.  A realpath per file stats every
        component of every path: a tenth of a second on a platform."""
        parent = os.path.dirname(full)
        if not self._dir_inside(parent):
            return False
        try:
            if not os.path.islink(full):
                return True
        except (OSError, ValueError):
            return False
        return self._resolves_inside(full)

    def _dir_inside(self, directory: str) -> bool:
        hit = self._dirs_inside.get(directory)
        if hit is None:
            hit = self._dirs_inside[directory] = self._resolves_inside(directory)
        return hit

    def _resolves_inside(self, full: str) -> bool:
        try:
            real = os.path.realpath(full)
        except (OSError, ValueError):
            return False
        return real == self.real or real.startswith(self.real.rstrip(os.sep) + os.sep)

    def is_file(self, rel: str) -> bool:
        hit = self._isfile.get(rel)
        if hit is None:
            full = os.path.join(self.top, rel)
            if full in self.overrides:
                hit = True
            else:
                hit = bool(rel) and not rel.startswith("../") and os.path.isfile(full) and self._inside(full)
            self._isfile[rel] = hit
        return hit

    def is_dir(self, rel: str) -> bool:
        hit = self._isdir.get(rel)
        if hit is None:
            full = os.path.join(self.top, rel) if rel else self.top
            hit = not rel.startswith("../") and os.path.isdir(full) and self._dir_inside(full)
            self._isdir[rel] = hit
        return hit

    def python_below(self, top: str, skip: Callable[[str], bool], limit: int = 50_000) -> list[str]:
        """The ``.py``/``.pyw`` files below the directory ``top`` (root-relative), skipping
        directories ``skip(name)`` refuses."""
        return self.files_below(top, skip, limit, (".py", ".pyw"))

    def project_python(self, top: str = "") -> list[str]:
        """The project's own Python files below ``top``: tests, hidden directories and those of
        ``SKIP_DIRS`` (virtual environments, caches) left out."""
        return [rel for rel in self.python_below(top, _tool_dir) if not is_test_path(rel)]

    def files_below(self, top: str, skip: Callable[[str], bool], limit: int = 50_000,
                    suffixes: tuple[str, ...] | None = None) -> list[str]:
        """The files below the directory ``top`` (root-relative) whose names end with one of
        ``suffixes`` (None: every file), skipping directories ``skip(name)`` refuses; at most
        ``limit``.  A directory entered without following a symbolic link is inside the root
        when its parent is: no realpath per directory (a service that owns the whole tree has
        thousands)."""
        out: list[str] = []
        if not self.is_dir(top):
            return out
        # a link to a directory the walk is already inside (`pkg/up -> ..`, `here -> .`,
        # two links that point at each other's folders) is not entered: the walk would go
        # round until the limit.  Each directory carries the chain of its ancestors' real
        # paths; one entered without a link has its parent's real path plus its name, so
        # only links cost a realpath call.
        start = os.path.realpath(os.path.join(self.top, top) if top else self.top)
        todo: list[tuple[str, str, tuple]] = [(top, start, (start, ()))]
        while todo and len(out) < limit:
            d, real, chain = todo.pop()
            try:
                with os.scandir(os.path.join(self.top, d) if d else self.top) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError:
                continue
            for e in entries:
                rel = f"{d}/{e.name}" if d else e.name
                try:
                    link = e.is_symlink()
                    if suffixes is None and not e.is_dir() or suffixes is not None and e.name.endswith(suffixes):
                        if link:
                            if self.is_file(rel):
                                out.append(rel)
                        elif e.is_file():
                            self._isfile[rel] = True
                            out.append(rel)
                    elif not skip(e.name) and (e.is_dir() if not link else self.is_dir(rel)):
                        if not link:
                            self._dirs_inside[os.path.join(self.top, rel)] = True
                            self._isdir[rel] = True
                            below = f"{real}/{e.name}"
                        else:
                            below = os.path.realpath(os.path.join(self.top, rel))
                            if _on_chain(below, chain):
                                continue
                        todo.append((rel, below, (below, chain)))
                except OSError:
                    continue
        return out

    def listdir(self, rel: str) -> tuple[str, ...]:
        hit = self._list.get(rel)
        if hit is None:
            hit = ()
            if self.is_dir(rel):
                try:
                    hit = tuple(sorted(os.listdir(os.path.join(self.top, rel) if rel else self.top)))
                except OSError:
                    hit = ()
            self._list[rel] = hit
        return hit

    def stat(self, rel: str) -> os.stat_result | None:
        """The file's stat (None: an editor buffer, whose text is not the file's, or no file)."""
        full = os.path.join(self.top, rel)
        if full in self.overrides or self.read_bytes is not None or not self.is_file(rel):
            return None
        try:
            return os.stat(full)
        except OSError:
            return None

    def text(self, rel: str) -> str | None:
        """The file's text (None: missing, unreadable, too large or not text)."""
        if rel in self._text:
            return self._text[rel]
        out = None
        full = os.path.join(self.top, rel)
        if full in self.overrides:
            out = self.overrides[full]
            if out.startswith("\ufeff"):
                out = out[1:]
        elif self.is_file(rel):
            try:
                if self.read_bytes is not None:
                    data = self.read_bytes(Path(full))
                else:
                    if os.path.getsize(full) <= MAX_READ:
                        with open(full, "rb") as fh:
                            data = fh.read()
                    else:
                        data = b""
                if len(data) <= MAX_READ and b"\x00" not in data:
                    out = data.decode("utf-8-sig", errors="replace")
            except OSError:
                out = None
        self._text[rel] = out
        return out


class ContainerView:
    """One container's view of the project through its code roots."""

    def __init__(self, files: ProjectFiles, code: Sequence[CodeRoot]) -> None:
        self.files = files
        # deepest target first; among equal targets the later root (a bind mount) wins
        roots = [(posixpath.normpath(r.target), order, r) for order, r in enumerate(code)
                 if r.target and r.target.startswith("/")]
        roots.sort(key=lambda t: (len(t[0]), t[1]), reverse=True)
        self.roots = roots
        self._file: dict[str, str | None] = {}
        self._dirs: dict[str, list[str]] = {}
        self.resolvers: dict[tuple, Any] = {}  # sys.path -> closure.Resolver, shared by services
        self._python: list[str] | None = None

    @property
    def mapped(self) -> bool:
        return bool(self.roots)

    def _candidates(self, cpath: str):
        for t, _, root in self.roots:
            found = root.project_path(cpath, t)
            if found is None:
                continue
            rel = _norm(found)
            if rel.startswith("../") or rel == "..":
                continue
            if any(rel == e or rel.startswith(e + "/") for e in root.excludes):
                continue
            yield rel

    def file(self, cpath: str) -> str | None:
        """The project file at the absolute container path ``cpath``, if any."""
        if not cpath.startswith("/"):
            return None
        cpath = posixpath.normpath(cpath)
        if cpath in self._file:
            return self._file[cpath]
        found = None
        for rel in self._candidates(cpath):
            if rel and self.files.is_file(rel):
                found = rel
                break
        self._file[cpath] = found
        return found

    def script(self, cpath: str) -> str | None:
        """The project file ``python CPATH`` runs: the file at ``cpath``, else, where
        ``cpath`` is a directory, the ``__main__.py`` it holds (``python wq up`` runs
        ``wq/__main__.py``, with ``wq`` itself first on ``sys.path``)."""
        found = self.file(cpath)
        if found is None and cpath.startswith("/"):
            found = self.file(posixpath.join(cpath, "__main__.py"))
        return found

    def dirs(self, cpath: str) -> list[str]:
        """Project directories that land at the container directory ``cpath``."""
        if not cpath.startswith("/"):
            return []
        hit = self._dirs.get(cpath)
        if hit is None:
            norm = posixpath.normpath(cpath)
            hit = self._dirs[cpath] = [rel for rel in self._candidates(norm) if self.files.is_dir(rel)]
        return hit

    def is_dir(self, cpath: str) -> bool:
        """A container directory holding project files (a directory copied there, or one
        above where a file or directory was copied)."""
        if self.dirs(cpath):
            return True
        cpath = posixpath.normpath(cpath) if cpath.startswith("/") else cpath
        return any(t.startswith(cpath.rstrip("/") + "/") for t, _, _ in self.roots)

    def listdir(self, cpath: str) -> list[tuple[str, str]]:
        """(name, project path) of the entries of a container directory."""
        out: dict[str, str] = {}
        if not cpath.startswith("/"):
            return []
        cpath = posixpath.normpath(cpath)
        for t, _, root in self.roots:  # files copied to a path of their own
            if posixpath.dirname(t) == cpath and self.files.is_file(root.source):
                out.setdefault(posixpath.basename(t), root.source)
        for rel in self.dirs(cpath):
            for name in self.files.listdir(rel):
                out.setdefault(name, f"{rel}/{name}" if rel else name)
        return sorted(out.items())

    def targets(self) -> list[str]:
        """The container directories code lands in (for ``sys.path`` guesses)."""
        out = []
        for t, _, root in self.roots:
            if self.files.is_dir(root.source) or root.source == "":
                if t not in out:
                    out.append(t)
        return out

    def container_path(self, rel: str) -> str | None:
        """Where the project path ``rel`` lands in the container (the deepest root holding it)."""
        best = None
        for t, _, root in self.roots:
            src = root.source
            if src == "":
                rest = rel
            elif rel == src:
                rest = ""
            elif rel.startswith(src + "/"):
                rest = rel[len(src) + 1:]
            else:
                continue
            if any(rel == e or rel.startswith(e + "/") for e in root.excludes):
                continue
            cand = posixpath.join(t, rest) if rest else t
            if best is None or len(src) > best[0]:
                best = (len(src), cand)
        return best[1] if best else None

    def python_files(self) -> list[str]:
        """Every Python file the code roots hold (test code and tool directories left out)."""
        if self._python is None:
            out: list[str] = []
            todo = [r.source for _, _, r in self.roots if self.files.is_dir(r.source)]
            seen: set[str] = set()
            while todo and len(out) < 50_000:
                d = todo.pop()
                if d in seen:
                    continue
                seen.add(d)
                for name in self.files.listdir(d):
                    path = f"{d}/{name}" if d else name
                    if name.endswith(".py"):
                        if not is_test_path(path):
                            out.append(path)
                    elif not _tool_dir(name) and self.files.is_dir(path):
                        todo.append(path)
            self._python = out
        return self._python


def _on_chain(real: str, chain: tuple) -> bool:
    """Whether ``real`` is one of the real paths on ``chain`` ((path, parent chain) pairs)."""
    while chain:
        if chain[0] == real:
            return True
        chain = chain[1]
    return False
