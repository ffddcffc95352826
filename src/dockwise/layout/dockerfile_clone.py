"""Where a Dockerfile that copies nothing from its context gets its code: ``RUN git clone``.

A repository's own Dockerfile often builds from a fresh clone of that repository instead of
the build context (``RUN git clone https://.../project.git /app`` then ``WORKDIR /app``).  Such
an image holds the project at the clone's target, not wherever a directory might be mounted:
its start command is read against the tree placed there (``cloned_roots``), rather than every
file beside the Dockerfile being taken to run.
"""
from __future__ import annotations

import posixpath
import re
import shlex

from dockwise.layout.dockerfile_types import Dockerfile, container_join
from dockwise.layout.model import CodeRoot

__all__ = ["cloned_roots"]

# options of `git clone` that take a value as the next word (git-clone(1))
_VALUED = frozenset({"-b", "--branch", "--depth", "-o", "--origin", "-c", "--config", "-j", "--jobs",
                     "--reference", "--reference-if-able", "--separate-git-dir", "-u", "--upload-pack",
                     "--template", "--shallow-since", "--shallow-exclude", "--filter", "--server-option"})
_SEPARATORS = re.compile(r"&&|\|\||;|\n")


def cloned_roots(df: Dockerfile | None, context: str) -> list[CodeRoot]:
    """The build context placed where the final stage (or a stage it is built from) clones
    a git repository: ``[CodeRoot(context, "/app")]`` for ``RUN git clone URL /app``."""
    if df is None or not df.stages:
        return []
    chain: set[int] = set()
    st = df.stage(None)
    while st is not None and st.index not in chain:
        chain.add(st.index)
        st = df.stages[st.parent] if st.parent is not None and 0 <= st.parent < len(df.stages) else None
    out: list[CodeRoot] = []
    workdir: dict[int, str | None] = {}
    for inst in df.instructions:
        if inst.stage not in chain:
            continue
        if inst.keyword == "FROM":
            parent = df.stages[inst.stage].parent if 0 <= inst.stage < len(df.stages) else None
            workdir[inst.stage] = workdir.get(parent) if parent is not None else None
        elif inst.keyword == "WORKDIR" and inst.args.strip():
            workdir[inst.stage] = container_join(workdir.get(inst.stage), inst.args.strip())
        elif inst.keyword == "RUN":
            for target in _clone_targets(inst.args, workdir.get(inst.stage)):
                if all(r.target != target for r in out):
                    out.append(CodeRoot(context, target))
    return out


def _clone_targets(script: str, cwd: str | None) -> list[str]:
    """The directories ``git clone`` writes to in one RUN's shell text (a ``cd`` before it
    on the same RUN moves where a relative target lands)."""
    out: list[str] = []
    for part in _SEPARATORS.split(script):
        try:
            words = shlex.split(part)
        except ValueError:
            continue
        if len(words) >= 2 and words[0] == "cd":
            cwd = container_join(cwd, words[1])
            continue
        if len(words) < 3 or words[0] != "git" or words[1] != "clone":
            continue
        positional: list[str] = []
        skip = False
        for w in words[2:]:
            if skip:
                skip = False
            elif w.startswith("-"):
                skip = w in _VALUED
            else:
                positional.append(w)
        if not positional or "$" in "".join(positional[:2]):
            continue  # no repository, or a target only the build's arguments say
        if len(positional) >= 2:
            dest = positional[1]
        else:  # `git clone URL`: a directory named after the repository
            dest = posixpath.basename(positional[0].rstrip("/"))
            dest = dest[:-4] if dest.endswith(".git") else dest
        if dest:
            out.append(container_join(cwd, dest))
    return out
