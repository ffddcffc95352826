"""The evidence cache: what the judge (``dockwise.flow``) concluded about each Python
candidate, so an unchanged project is not parsed and followed again on a warm run.

The judge follows a value across every module a container runs, so its answer for one
literal depends on many files.  The cache therefore keeps the answers of one *world*: the
content hashes of every module any service runs, the services as the layout declares them
(environment, code, start command...) and the modules each one runs.  A run whose world
differs in anything (one edited module, one changed Compose line) starts an empty table;
a run in the same world takes every answer without reading a module.  Finer invalidation
would need the set of files each search looked at, and a search for a name looks at every
module; the world key is simple and never stale.

The answers live next to the per-file results (``evidence.json`` in the same cache
directory, the same namespace: dockwise version, sources, rule packs), JSON for the same
reason (a planted cache must never run code), written atomically.
"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from dockwise.cache import CORRUPT_ENTRY, CORRUPT_FILE, NullCache, _span, _unspan, _unspan_optional, stat_key
from dockwise.cachedir import atomic_write
from dockwise.flow.appdotenv import dotenv_like
from dockwise.model import Endpoint, Evidence

__all__ = ["EvidenceCache", "world_key", "encode_answer", "decode_answer"]

FILE_NAME = "evidence.json"
FORMAT = 2


def world_key(root: Path, cache: NullCache, services: Sequence[Any], modules_of) -> str | None:
    """The key of what every judgement reads: each run module's content, each service."""
    h = hashlib.blake2b(digest_size=16)
    universe: set[str] = set()
    for svc in sorted(services, key=lambda s: (s.project, s.name)):
        mods = sorted(modules_of(svc))
        universe.update(mods)
        h.update(repr(svc).encode("utf-8", "surrogatepass"))
        h.update(("\0".join(mods) + "\1").encode("utf-8", "surrogatepass"))
    for rel in sorted(universe | _dotenv_files(root, universe)):
        path = root / rel
        try:
            st = os.stat(path)
        except OSError:
            h.update(f"{rel}\0-\n".encode("utf-8", "surrogatepass"))
            continue
        # the stat signature, not the content: a one-file run must not read every module of
        # a container to know nothing changed (a touched but unchanged file only costs a
        # re-judgement); never the result cache's hash, which a cold run learns midway
        h.update(f"{rel}\0{stat_key(st)}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _dotenv_files(root: Path, modules: set[str]) -> set[str]:
    """The dotenv files and their samples in the directories of the run modules and above
    them: the application's own ``.env`` decides which defaults run (``flow/appdotenv.py``),
    so one written or edited makes another world."""
    dirs: set[str] = set()
    for rel in modules:
        d = posixpath.dirname(rel)
        while d not in dirs:
            dirs.add(d)
            if not d:
                break
            d = posixpath.dirname(d)
    out: set[str] = set()
    for d in dirs:
        try:
            with os.scandir(root / d if d else root) as it:
                out.update(posixpath.join(d, e.name) if d else e.name for e in it if dotenv_like(e.name))
        except OSError:
            continue
    return out


def _service_id(svc: Any) -> str:
    """A service's name in the table: project, name and a hash of everything it declares
    (variants of one service differ in the hash)."""
    digest = hashlib.blake2b(repr(svc).encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()
    return f"{svc.project}/{svc.name}/{digest}"


def _key(rel: str, ep: Endpoint, names: Iterable[str]) -> str:
    names = ",".join(sorted(names))
    return f"{rel}:{ep.span.line}:{ep.span.column}:{ep.role}:{ep.host}:{ep.port}:{names}"


def _encode_ep(e: Endpoint) -> list:
    return [e.role, e.port, e.port_source, _span(e.port_span), list(e.fallbacks)]


def _encode_ev(ev: Evidence) -> list:
    return [_span(ev.sink), ev.kind, [_span(s) for s in ev.flow], ev.entry, list(ev.chain)]


def _decode_ev(v: list) -> Evidence:
    return Evidence(_unspan_optional(v[0]), str(v[1]), tuple(_unspan(s) for s in v[2]), str(v[3]), tuple(v[4]))


def encode_answer(answer, key_of: Callable[[Any], Any]) -> list:
    """A judgement ((the endpoint as dialled, the services that dial it, id -> evidence)) as
    plain values, services named by ``key_of`` (for this cache, and from a worker process)."""
    out, kept, evidence = answer
    keys = {id(s): key_of(s) for s in kept}
    return [_encode_ep(out), [keys[id(s)] for s in kept],
            [[keys[i], _encode_ev(ev)] for i, ev in evidence.items() if i in keys]]


def decode_answer(ep: Endpoint, v: list, by_key) -> tuple[Endpoint, list, dict[int, Evidence]]:
    """The judgement of ``ep`` back from ``encode_answer``; ``by_key``: service name -> the
    service (a dict, or a list for index names).  KeyError, ValueError... when it does not fit."""
    role, port, port_source, port_span, fallbacks = v[0]
    out = replace(ep, role=role, port=port, port_source=port_source, port_span=_unspan_optional(port_span),
                  fallbacks=tuple(fallbacks))
    kept = [by_key[k] for k in v[1]]
    evidence = {id(by_key[k]): _decode_ev(e) for k, e in v[2]}
    return out, kept, evidence


class EvidenceCache:
    """Judgements of one world.  ``enabled`` is False without a result cache (``--no-cache``)
    or with editor buffers (their text is not what the world key hashed)."""

    def __init__(self, cache: NullCache, world: str | None) -> None:
        directory = cache.directory if cache.enabled and world else None
        self.enabled = directory is not None
        self.entries: dict[str, list] = {}
        self.dirty = False
        self.path: Path | None = None
        self._ids: dict[int, tuple[Any, str]] = {}
        if directory is None:
            return
        self.path = directory / FILE_NAME
        self.header = {"format": FORMAT, "namespace": cache.namespace, "world": world}
        try:
            with open(self.path, "rb") as handle:
                doc = json.loads(handle.read())
            if isinstance(doc, dict) and doc.get("header") == self.header and isinstance(doc.get("entries"), dict):
                self.entries = doc["entries"]
            else:
                self.dirty = True  # another world: replaced on save
        except FileNotFoundError:
            pass
        except CORRUPT_FILE:  # unreadable or corrupt: a cache miss by design, replaced on save
            self.dirty = True

    def _id(self, svc: Any) -> str:
        hit = self._ids.get(id(svc))
        if hit is None or hit[0] is not svc:
            hit = self._ids[id(svc)] = (svc, _service_id(svc))
        return hit[1]

    def get(self, rel: str, ep: Endpoint, services: Sequence[Any]):
        """(the endpoint as dialled, the services that dial it, id -> evidence), or None."""
        if not self.enabled:
            return None
        v = self.entries.get(_key(rel, ep, map(self._id, services)))
        if not isinstance(v, list) or len(v) != 3:
            return None
        try:
            return decode_answer(ep, v, {self._id(s): s for s in services})
        except CORRUPT_ENTRY:  # an entry of the wrong shape: a cache miss by design, judged again
            return None

    def put(self, rel: str, ep: Endpoint, services: Sequence[Any], judged) -> None:
        if not self.enabled:
            return
        self.entries[_key(rel, ep, map(self._id, services))] = encode_answer(judged, self._id)
        self.dirty = True

    def save(self) -> None:
        if not (self.enabled and self.dirty and self.path is not None):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            doc = {"header": self.header, "entries": self.entries}
            atomic_write(self.path, json.dumps(doc, separators=(",", ":")).encode("utf-8"))
            self.dirty = False
        except (OSError, ValueError):
            pass  # read-only cache directory, full disk...: run without
