"""Which services own a project file: the services whose containers hold it (through
their code roots: the most specific root wins) and whether a service's start command runs
it.  ``OwnerIndex`` answers the same question for the many files of one run."""
from __future__ import annotations

from typing import Iterable

from dockwise.layout.model import CodeRoot, Layout, Service
from dockwise.layout.paths import norm_path


def _root_match(root: CodeRoot, path: str) -> int:
    """-1 when ``root`` does not hold ``path``; else the depth of the match (longer: more specific)."""
    src = root.source
    if src == "":
        held = True
        depth = 0
    elif path == src:
        held, depth = True, len(src) + 1
    elif path.startswith(src + "/"):
        held, depth = True, len(src) + 1
    else:
        return -1
    if held and any(path == e or path.startswith(e + "/") for e in root.excludes if e):
        return -1
    return depth


def _best(services: Iterable[Service], path: str) -> list[Service]:
    best = -1
    out: list[Service] = []
    for svc in services:
        depth = max((_root_match(r, path) for r in svc.code), default=-1)
        if depth < 0:
            continue
        if depth > best:
            best, out = depth, [svc]
        elif depth == best:
            out.append(svc)
    return out


def owners(layout: Layout, path: str) -> tuple[Service, ...]:
    """The services whose containers hold the project file ``path`` (root-relative posix).

    The most specific code roots win (longest matching source prefix): a file under
    ``worker/`` built as the worker service is the worker's even when another service
    bind-mounts the whole tree; services sharing that root (web and worker built from one
    context) all own it.  Services of the default projects and implicit containers are
    considered first; variant projects only for files no default project holds.
    ``()``: host code.
    """
    path = norm_path(path)
    primary = [s for p in layout.projects if not p.variant for s in p.services] + list(layout.containers)
    found = _best(primary, path)
    if not found:
        seen: set[tuple[str, str]] = set()
        variants = []
        for p in layout.projects:
            if p.variant:
                for s in p.services:
                    if (s.project, s.name) not in seen:
                        seen.add((s.project, s.name))
                        variants.append(s)
        found = _best(variants, path)
    found.sort(key=lambda s: (s.name, s.project))
    return tuple(found)


class OwnerIndex:
    """``owners(layout, path)`` for the many files of one run, memoised per directory: a
    file's owners depend only on its directory, except where a code root or an exclude
    names the file itself (``_root_match`` compares whole path components).  A directory
    that no code root or exclude names has its parent's owners."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        services = [s for p in layout.projects for s in p.services] + list(layout.containers)
        self._named = {x for s in services for r in s.code for x in (r.source, *r.excludes)}
        self._memo: dict[str, tuple[Service, ...]] = {}

    def __call__(self, path: str) -> tuple[Service, ...]:
        if "\\" in path or "/." in path or "//" in path or path.startswith(".") or path.endswith("/"):
            path = norm_path(path)  # (discovery's paths are normal already)
        if path in self._named:
            return owners(self.layout, path)
        return self._in(path.rpartition("/")[0])

    def _in(self, directory: str) -> tuple[Service, ...]:
        """The owners of a file in ``directory`` that no code root names itself."""
        found = self._memo.get(directory)
        if found is None:
            if directory and directory not in self._named:
                found = self._in(directory.rpartition("/")[0])
            else:
                found = owners(self.layout, f"{directory}/\x00" if directory else "\x00")
            self._memo[directory] = found
        return found


def runs_file(service: Service, path: str) -> bool:
    """Whether ``service``'s start command runs the project file ``path``."""
    return norm_path(path) in service.entry_files
