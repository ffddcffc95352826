"""Paths -> the project root and the files to check (gitignore-aware)."""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
# Directories no check looks into (version control, virtual environments, installed
# packages, tool caches, editor settings); the layout stage's walk skips the same ones.
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".dockwise_cache", ".eggs", "site-packages",
    "dist-packages", ".hypothesis", ".idea", ".vscode", ".direnv",
})
TEST_DIR_NAMES = frozenset({"tests", "test", "testing"})
PYTEST_PLUGIN_PREFIX = "pytest_"


@dataclass(frozen=True)
class Discovered:
    root: Path
    files: tuple[str, ...]  # absolute path strings (Path objects cost ~10 µs each on big trees)
    missing: tuple[str, ...]  # paths given that do not exist
    # when the root itself was walked: every directory under it (ignored ones too, not the
    # skipped ones) -> the names of its files, for the layout (one walk of the tree, not two)
    listing: dict[str, tuple[str, ...]] | None = None


def find_root(paths: Sequence[Path]) -> Path:
    """The repository holding the checked paths (the nearest ancestor with .git); else the
    nearest ancestor with a Compose file, else with a pyproject.toml."""
    dirs = []
    for p in paths:
        p = p.absolute()
        dirs.append(p if p.is_dir() else p.parent)
    if not dirs:
        dirs = [Path.cwd()]
    common = Path(os.path.commonpath([str(d) for d in dirs]))
    # The repository bounds the layout: `cd deploy && dockwise check .` judges the files
    # there exactly as a run at the root does (a build context `..` stays inside).  Outside a
    # repository, the nearest Compose project; a pyproject.toml marks the root only where
    # neither is above it (a per-service api/pyproject.toml must not cut the project off from
    # the Compose file that runs it: `dockwise check api/app.py` and `dockwise check .` must
    # judge app.py alike).
    for directory in (common, *common.parents):
        if (directory / ".git").exists():
            return directory
    for directory in (common, *common.parents):
        if any((directory / marker).exists() for marker in COMPOSE_NAMES):
            return directory
    for directory in (common, *common.parents):
        if (directory / "pyproject.toml").exists():
            return directory
    return common


def is_test_path(rel: str) -> bool:
    parts = rel.split("/")
    name = parts[-1]
    if name in ("conftest.py", "tests.py") or (name.startswith("test_") and name.endswith(".py")) or name.endswith("_test.py"):
        return True
    # A pytest plugin (distribution `pytest-x`, import name `pytest_x`, loaded by pytest
    # through its `pytest11` entry point) is test support like conftest.py: only pytest
    # runs it, never a service, even one judged on every file its image holds.
    if name.startswith(PYTEST_PLUGIN_PREFIX) and name.endswith(".py") \
            or any(part.startswith(PYTEST_PLUGIN_PREFIX) for part in parts[:-1]):
        return True
    return any(part in TEST_DIR_NAMES for part in parts[:-1])


def is_venv(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file()


def _gitignore_spec(pathspec, lines: list[str]):
    """The spec of a .gitignore's lines.  Git skips a line that is no pattern (a lone ``!``,
    a lone trailing ``\\``) and applies the others; pathspec rejects the whole file for it
    (``GitIgnorePatternError``, a ValueError), so such lines are left out, in order."""
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:
        pass
    kept = []
    for line in lines:
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except ValueError:
            continue
        kept.append(line)
    return pathspec.GitIgnoreSpec.from_lines(kept)


class IgnoreRules:
    """.gitignore files (nested ones apply below their directory) + configured excludes."""

    def __init__(self, root: Path, excludes: Iterable[str] = (), gitignore: bool = True) -> None:
        import pathspec

        self.root = root
        self._pathspec = pathspec
        self.excludes = pathspec.GitIgnoreSpec.from_lines(list(excludes))
        self._has_excludes = bool(self.excludes.patterns)
        self.gitignore = gitignore
        self._specs: dict[Path, object | None] = {}

    def _spec_for(self, directory: Path):
        if directory not in self._specs:
            spec = None
            gi = directory / ".gitignore"
            if self.gitignore and gi.is_file():
                try:
                    lines = gi.read_text(encoding="utf-8", errors="replace").splitlines()
                    spec = _gitignore_spec(self._pathspec, lines)
                except OSError:
                    spec = None
            self._specs[directory] = spec
        return self._specs[directory]

    def spec_in(self, directory: str):
        """The ignore spec of ``directory``'s own .gitignore, or None."""
        return self._spec_for(Path(directory)) if self.gitignore else None

    def rel_dir(self, directory: Path) -> str:
        """``directory`` relative to the root, "" or ending in "/"."""
        try:
            rel = directory.relative_to(self.root).as_posix()
        except ValueError:
            return ""
        return "" if rel == "." else rel + "/"

    def chain_above(self, directory: Path) -> tuple:
        """(relative directory, spec) of the .gitignore files in the ancestors of
        ``directory`` up to the root (not its own)."""
        if not self.gitignore or directory == self.root or self.root not in directory.parents:
            return ()
        out = []
        parent = directory.parent
        while True:
            spec = self._spec_for(parent)
            if spec is not None:
                out.append((self.rel_dir(parent), spec))
            if parent == self.root:
                break
            parent = parent.parent
        return tuple(reversed(out))

    def ignored_rel(self, rel: str, is_dir: bool, chain: tuple) -> bool:
        """``ignored`` for a root-relative path, given the ignore files above it."""
        if self._has_excludes and self.excludes.match_file(rel + "/" if is_dir else rel):
            return True
        for base, spec in chain:
            sub = rel[len(base):]
            if spec.match_file(sub + "/" if is_dir else sub):
                return True
        return False

    def ignored(self, path: Path, is_dir: bool) -> bool:
        """``path`` is excluded by the configuration or a .gitignore between the root and it."""
        try:
            rel = path.relative_to(self.root).as_posix()
        except ValueError:
            return False
        return self.ignored_rel(rel, is_dir, self.chain_above(path))


def is_checkable(name: str) -> bool:
    """Files dockwise reports on: Python, Compose/YAML, .env files, Dockerfiles."""
    lower = name.lower()
    return (
        lower.endswith((".py", ".pyw", ".yaml", ".yml", ".env"))
        or lower == ".env" or lower.startswith(".env.") or lower.endswith(".env.example")
        or lower in ("dockerfile", "containerfile") or lower.endswith(".dockerfile")
        or lower.startswith("dockerfile.")
    )


def walk(paths: Sequence[Path], root: Path, ignore: IgnoreRules) -> Discovered:
    """The checkable files under ``paths``, in a stable order (each directory's files
    sorted, then its subdirectories, depth first).  Skipped: ``SKIP_DIRS``, ``*.egg-info``,
    virtual environments (a ``pyvenv.cfg``), ignored paths, links to directories, and
    links to files outside the project."""
    files: list[str] = []
    missing: list[str] = []
    seen: set[str] = set()
    listing: dict[str, tuple[str, ...]] | None = None
    for given in paths:
        if not given.exists() and not given.is_symlink():
            missing.append(str(given))
            continue
        if given.is_file() or (given.is_symlink() and not given.is_dir()):
            path = str(given.absolute())
            if path not in seen:
                seen.add(path)
                files.append(path)
            continue
        start = given.absolute()
        rules = ignore
        if start != root and ignore.ignored(start, True):
            # a directory named on the command line is checked even where an ignore file
            # above it excludes it; ignore files inside it still apply
            rules = IgnoreRules(start, (), ignore.gitignore)
        if start == root and listing is None:
            listing = {}
            _walk_dir(start, rules, root.resolve(), files, seen, listing)
        else:
            _walk_dir(start, rules, root.resolve(), files, seen)
    return Discovered(root=root, files=tuple(files), missing=tuple(missing), listing=listing)


def _walk_dir(start: Path, rules: IgnoreRules, real_root: Path, files: list[str], seen: set[str],
              listing: dict[str, tuple[str, ...]] | None = None) -> None:
    """One ``os.scandir`` per directory: the entry types come with the listing, so a file
    costs no system call of its own (``os.walk`` + ``is_symlink`` cost one per file).
    With ``listing``, ignored directories are walked too (their files go to the listing
    only, under their root-relative directory)."""
    visited: set[tuple[int, int]] = set()
    # (directory, its path relative to the rules' root + "/", the ignore files above it,
    # ignored: walked for the listing only)
    stack: list[tuple[str, str, tuple, bool]] = [(str(start), rules.rel_dir(start), rules.chain_above(start), False)]
    while stack:
        directory, rel, chain, hidden = stack.pop()
        try:
            st = os.stat(directory)
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        key = (st.st_dev, st.st_ino)
        if key in visited:
            continue
        visited.add(key)
        if directory != str(start) and any(e.name == "pyvenv.cfg" and e.is_file() for e in entries):
            continue  # a virtual environment
        spec = rules.spec_in(directory) if not hidden and any(e.name == ".gitignore" for e in entries) else None
        if spec is not None:
            chain = (*chain, (rel, spec))
        subdirs = []
        names = []
        for entry in entries:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if name in SKIP_DIRS or name.endswith(".egg-info") or entry.is_symlink():
                    continue
                ignored = hidden or rules.ignored_rel(rel + name, True, chain)
                if ignored and listing is None:
                    continue
                subdirs.append((entry.path, rel + name + "/", chain, ignored))
                continue
            if listing is not None:
                try:
                    if not entry.is_symlink() or entry.is_file():
                        names.append(name)
                except OSError:
                    pass
            if hidden or not is_checkable(name) or rules.ignored_rel(rel + name, False, chain):
                continue
            path = entry.path
            if entry.is_symlink() and not _inside(Path(path), real_root):
                continue  # never follow a link out of the project
            if path not in seen:
                seen.add(path)
                files.append(path)
        if listing is not None:
            listing[rel[:-1]] = tuple(names)
        stack.extend(reversed(subdirs))


def _inside(path: Path, real_root: Path) -> bool:
    try:
        path.resolve().relative_to(real_root)
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def matches_any(rel: str, patterns: Iterable[str]) -> bool:
    for pattern in patterns:
        p = pattern.rstrip("/")
        if fnmatch.fnmatch(rel, p) or rel == p or rel.startswith(p + "/") or fnmatch.fnmatch(rel.rsplit("/", 1)[-1], p):
            return True
    return False
