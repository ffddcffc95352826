"""The result cache: what the expensive per-file stage found, so unchanged files are not
read, decoded or parsed again.

What is cached, per Python file (root-relative path):

* the content hash (blake2b of the bytes) with the file's ``os.stat`` signature (size,
  mtime_ns, ctime_ns, inode), so an unchanged file is not even read on a warm run;
* the :class:`~dockwise.model.FileResult` of ``extract_python`` for that content, or
* that the prefilter skipped that content, under the prefilter's signature (which holds
  the layout names and subnets it tested against) and the file's profile.

A result extracted from the prefilter's candidate lines only (``extract/focus.py``)
holds the endpoints those lines can give, so it is stored with the prefilter's signature
and a key of those lines.  A run with the same signature takes it without reading the
file; a run whose prefilter differs (a Compose change added a service name) re-tests the
bytes and re-extracts only when the candidate lines differ.  A result of the whole file
(no signature: ``graph``, the ``all`` profile) serves every run.

The runs stage's module scans and the judge's evidence have caches of their own
(``ScanCache`` below, ``dockwise/evidence_cache.py``).  Verdicts are not cached: the
resolution against the layout is cheap and runs on every run, so a change to a Compose file, an ``.env`` file, a Dockerfile or the configuration
is always judged afresh (a layout change that alters the prefilter's tests re-tests
the skipped files, from their bytes).  Extraction results depend only on the file's
bytes, its path, the knowledge (rule packs) and dockwise itself, which make the cache's
namespace: the dockwise version, a fingerprint of the installed dockwise sources
(an editable install changes without a version bump), and a hash of every rule pack's
contents.  A run with another namespace starts an empty cache (and replaces the file).

Storage: one JSON document per project root (``files.json`` in
``$XDG_CACHE_HOME/dockwise/<hash of the root>/``, else ``~/.cache/dockwise/...``, or in
the configured ``cache-dir``; a directory dockwise creates gets a ``.gitignore`` holding
``*``).  JSON, not pickle: a cache directory inside a repository could be planted, and
loading it must never run code.  Writes go to a temporary file renamed over the old one
(``os.replace``), so concurrent runs never see half a file (the last writer wins, which
loses entries, never correctness).  Every failure to read (missing, corrupt, other
format) is an empty cache; every failure to write (read-only tree, read-only HOME) is
silently ignored.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dockwise
from dockwise.cachedir import atomic_write, default_cache_base
from dockwise.knowledge import rules_dir
from dockwise.model import Endpoint, FileError, FileResult, Span

__all__ = ["ResultCache", "ScanCache", "content_hash", "lines_key", "knowledge_fingerprint", "NullCache"]

FORMAT = 4
FILE_NAME = "files.json"

# A cache file that cannot be read or decoded (unreadable, not JSON, nested past the
# decoder's stack, a path the system refuses) is a miss, never an error: it is rebuilt.
CORRUPT_FILE = (OSError, ValueError, RecursionError)
# An entry of the wrong shape (written by another version, or edited by hand) is a miss too.
CORRUPT_ENTRY = (KeyError, IndexError, TypeError, ValueError)


def lines_key(lines: frozenset[int]) -> str:
    """A short key of a set of line numbers (the prefilter's candidate lines)."""
    return hashlib.blake2b(repr(sorted(lines)).encode("ascii"), digest_size=8).hexdigest()


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _source_fingerprint() -> str:
    """Sizes and mtimes of dockwise's own modules: an edited install is another cache."""
    here = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for dirpath, dirnames, filenames in os.walk(here):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                try:
                    st = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                h.update(f"{os.path.relpath(os.path.join(dirpath, name), here)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def knowledge_fingerprint(extra_packs: tuple[str, ...] = ()) -> str:
    """A hash of every rule pack's contents (the bundled ones and the configured ones)."""
    h = hashlib.blake2b(digest_size=16)
    try:
        base = rules_dir()
        files = sorted(base.glob("*.yaml")) + sorted((base / "codes").glob("*.yaml"))
    except OSError:  # the packs cannot be listed: the loader says so; the fingerprint holds the rest
        files = []
    for pack in extra_packs:
        p = Path(pack)
        files += (sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml"))) if p.is_dir() else [p]
    for path in files:
        h.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\1missing")
        h.update(b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------- JSON codec


def _span(s: Span | None) -> list | None:
    return None if s is None else [s.path, s.line, s.column, s.end_line, s.end_column]


def _unspan(v: list) -> Span:
    return Span(str(v[0]), int(v[1]), int(v[2]), int(v[3]), int(v[4]))


def _unspan_optional(v: list | None) -> Span | None:
    return None if v is None else _unspan(v)


def encode_result(r: FileResult) -> list:
    eps = [
        [_span(e.span), e.host, e.port, e.port_source, _span(e.port_span), e.scheme, e.context, e.role, e.text,
         e.fallback_for, list(e.services), e.project, e.quoted_whole, list(e.fallbacks)]
        for e in r.endpoints
    ]
    sups = [[line, None if codes is None else sorted(codes)] for line, codes in r.suppressions]
    errs = [[e.path, e.message, e.line, e.column, e.kind] for e in r.errors]
    return [r.path, eps, sups, errs]


def decode_result(v: list) -> FileResult:
    path, eps, sups, errs = v
    endpoints = tuple(
        Endpoint(
            span=_unspan(e[0]), host=e[1], port=e[2], port_source=e[3], port_span=_unspan_optional(e[4]), scheme=e[5],
            context=e[6], role=e[7], text=e[8], fallback_for=e[9], services=tuple(e[10]), project=e[11],
            quoted_whole=bool(e[12]), fallbacks=tuple(e[13]),
        )
        for e in eps
    )
    suppressions = tuple((int(line), None if codes is None else frozenset(codes)) for line, codes in sups)
    errors = tuple(FileError(e[0], e[1], e[2], e[3], e[4]) for e in errs)
    return FileResult(path, endpoints, suppressions, errors)


# --------------------------------------------------------------------------- the cache


def stat_key(st: os.stat_result) -> list:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


@dataclass
class Stats:
    result_hits: int = 0
    skip_hits: int = 0
    stat_hits: int = 0
    misses: int = 0
    stored: int = 0


class NullCache:
    """No cache (``--no-cache``, ``cache = false``, or nowhere to keep one)."""

    enabled = False
    # where a ResultCache keeps its files, and what its entries are valid for: none here
    directory: Path | None = None
    path: Path | None = None
    namespace: dict[str, str] | None = None

    def __init__(self) -> None:
        self.stats = Stats()

    def known_hash(self, rel: str, st: os.stat_result | None) -> str | None:
        return None

    def result(self, rel: str, digest: str, signature: str | None = None,
               lines_key: str | None = None, whole: bool = False) -> FileResult | None:
        return None

    def skipped(self, rel: str, digest: str, signature: str, syntax: bool = False) -> bool:
        return False

    def known_lines(self, rel: str, digest: str, whole: bool = False) -> str | None:
        return None

    def put(self, rel: str, digest: str, st: os.stat_result | None, *, result: FileResult | None = None,
            signature: str | None = None, lines_key: str | None = None, whole: bool = True) -> None:
        pass

    def prune(self, present: set[str]) -> None:
        pass

    def save(self) -> None:
        pass


class ResultCache(NullCache):
    """Entries: rel -> [stat signature or None, content hash, prefilter signature or None,
    encoded FileResult or None, key of the lines extracted or None, whether the whole file
    was parsed]: a signature without a result is a skip; with one, it scopes the result to
    those lines.  A result of a partial parse (``extract/skeleton.py``) does not serve a
    file named on the command line, whose syntax errors must all be found."""

    enabled = True
    directory: Path
    path: Path
    namespace: dict[str, str]

    def __init__(self, directory: Path, namespace: dict[str, str], *, gitignore: bool = False) -> None:
        super().__init__()
        self.directory = directory
        self.path = directory / FILE_NAME
        self.namespace = namespace
        self.gitignore = gitignore
        self.entries: dict[str, list] = {}
        self.dirty = False
        self.seen: set[str] = set()
        self._load()

    @classmethod
    def open(cls, root: Path, cfg: Any, extra_packs: tuple[str, ...] = ()) -> "NullCache":
        if not getattr(cfg, "cache", True):
            return NullCache()
        try:
            root_id = hashlib.blake2b(os.path.realpath(str(root)).encode("utf-8", "surrogateescape"),
                                      digest_size=8).hexdigest()
            configured = getattr(cfg, "cache_dir", None)
            base = Path(configured) if configured else default_cache_base()
            namespace = {
                "format": str(FORMAT),
                "dockwise": dockwise.__version__,  # read here, not at import: a test changes it
                "sources": _source_fingerprint(),
                "knowledge": knowledge_fingerprint(tuple(extra_packs)),
                "root": os.path.realpath(str(root)),
            }
            return cls(base / root_id, namespace, gitignore=bool(configured))
        except (OSError, RuntimeError, ValueError):  # no usable home or cache directory: run without a cache
            return NullCache()

    # ---------------------------------------------------------------- reading
    def _load(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                doc = json.loads(handle.read())
        except FileNotFoundError:
            return
        except CORRUPT_FILE:  # unreadable or corrupt: a cache miss by design, replaced on save
            self.dirty = True
            return
        if not isinstance(doc, dict) or doc.get("namespace") != self.namespace or not isinstance(doc.get("files"), dict):
            self.dirty = True
            return
        self.entries = doc["files"]

    def known_hash(self, rel: str, st: os.stat_result | None) -> str | None:
        """The content hash recorded for ``rel`` when its stat signature is unchanged."""
        if st is None:
            return None
        e = self.entries.get(rel)
        if isinstance(e, list) and len(e) == 6 and e[0] == stat_key(st) and isinstance(e[1], str):
            self.stats.stat_hits += 1
            return e[1]
        return None

    def result(self, rel: str, digest: str, signature: str | None = None,
               lines_key: str | None = None, whole: bool = False) -> FileResult | None:
        """The result for these bytes: of the whole file, or of the candidate lines of a
        prefilter with this ``signature`` or of these lines (``lines_key``).  ``whole``:
        only a result of an analysis that parsed the whole file (its syntax errors count)."""
        e = self.entries.get(rel)
        if not isinstance(e, list) or len(e) != 6 or e[1] != digest or e[3] is None or (whole and e[5] is not True):
            return None
        if e[2] is not None and e[2] != signature and (lines_key is None or e[4] != lines_key):
            return None
        try:
            r = decode_result(e[3])
        except CORRUPT_ENTRY:  # an entry of the wrong shape: a cache miss by design, dropped
            self.entries.pop(rel, None)
            self.dirty = True
            return None
        self.stats.result_hits += 1
        self.seen.add(rel)
        return r

    def skipped(self, rel: str, digest: str, signature: str, syntax: bool = False) -> bool:
        """The prefilter with ``signature`` skipped these bytes (``syntax``: and their
        syntax was checked, a lines key of "syntax-ok")."""
        e = self.entries.get(rel)
        if (isinstance(e, list) and len(e) == 6 and e[1] == digest and e[2] == signature and e[3] is None
                and (not syntax or e[4] == "syntax-ok")):
            self.stats.skip_hits += 1
            self.seen.add(rel)
            return True
        return False

    def known_lines(self, rel: str, digest: str, whole: bool = False) -> str | None:
        """The lines key of a result held for these bytes (under any signature; ``whole``:
        of a whole-file parse), or None."""
        e = self.entries.get(rel)
        if (isinstance(e, list) and len(e) == 6 and e[1] == digest and e[3] is not None and isinstance(e[4], str)
                and (not whole or e[5] is True)):
            return e[4]
        return None

    # ---------------------------------------------------------------- writing
    def put(self, rel: str, digest: str, st: os.stat_result | None, *, result: FileResult | None = None,
            signature: str | None = None, lines_key: str | None = None, whole: bool = True) -> None:
        """Record ``result`` (of the lines ``lines_key`` names, found by the prefilter with
        ``signature``; both None: of the whole file; ``whole``: the analysis parsed the
        whole file, not only what the extraction uses), or without a result: the prefilter
        with ``signature`` skipped these bytes."""
        enc = encode_result(result) if result is not None else None
        entry = [stat_key(st) if st is not None else None, digest, signature, enc, lines_key, bool(whole)]
        if self.entries.get(rel) != entry:
            self.entries[rel] = entry
            self.dirty = True
            self.stats.stored += 1
        self.seen.add(rel)

    def prune(self, present: set[str]) -> None:
        """Forget files that are gone (after a run over the whole project)."""
        gone = [rel for rel in self.entries if rel not in present]
        for rel in gone:
            del self.entries[rel]
        if gone:
            self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if self.gitignore:
                ignore = self.directory.parent / ".gitignore"
                if not ignore.exists():
                    atomic_write(ignore, b"# created by dockwise: its cache is not for version control\n*\n")
            doc = {"namespace": self.namespace, "files": self.entries}
            atomic_write(self.path, json.dumps(doc, separators=(",", ":")).encode("utf-8"))
            self.dirty = False
        except (OSError, ValueError):
            pass  # read-only tree or HOME, full disk, a path with a NUL...: run without a cache


class _Tracked(dict):
    """A dict that marks its cache dirty when written (only new keys are ever written)."""

    def __init__(self, owner: "ScanCache") -> None:
        super().__init__()
        self._owner = owner

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self._owner.dirty = True


class ScanCache:
    """The runs stage's scan of each module (its imports, module-name strings, ``__main__``
    blocks: ``runs/scan.py``), under the file's stat signature, so a warm run follows the
    imports of every container without reading a module.  Next to the per-file results
    (``scans.json``), same namespace.  Disabled with the result cache."""

    def __init__(self, cache: NullCache) -> None:
        directory = cache.directory if cache.enabled else None
        self.enabled = directory is not None
        self.entries: dict[str, list] = {}
        # other per-text results (the Compose schema check: layout/schema.py), by content hash
        self.values: _Tracked = _Tracked(self)
        self.dirty = False
        if directory is None:
            return
        self.path = directory / "scans.json"
        self.namespace = cache.namespace
        try:
            with open(self.path, "rb") as handle:
                doc = json.loads(handle.read())
            if isinstance(doc, dict) and doc.get("namespace") == self.namespace and isinstance(doc.get("files"), dict):
                self.entries = doc["files"]
                if isinstance(doc.get("values"), dict):
                    dict.update(self.values, doc["values"])
            else:
                self.dirty = True
        except FileNotFoundError:
            pass
        except CORRUPT_FILE:  # unreadable or corrupt: a cache miss by design, replaced on save
            self.dirty = True

    def get(self, rel: str, st: os.stat_result | None) -> list | None:
        if not self.enabled or st is None:
            return None
        e = self.entries.get(rel)
        if isinstance(e, list) and len(e) == 2 and e[0] == stat_key(st):
            return e[1]
        return None

    def put(self, rel: str, st: os.stat_result | None, encoded: list) -> None:
        if self.enabled and st is not None:
            entry = [stat_key(st), encoded]
            if self.entries.get(rel) != entry:
                self.entries[rel] = entry
                self.dirty = True

    def save(self) -> None:
        if not (self.enabled and self.dirty):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            doc = {"namespace": self.namespace, "files": self.entries, "values": dict(self.values)}
            atomic_write(self.path, json.dumps(doc, separators=(",", ":")).encode("utf-8"))
            self.dirty = False
        except (OSError, ValueError):
            pass  # read-only tree or HOME, full disk, a path with a NUL...: run without a cache
