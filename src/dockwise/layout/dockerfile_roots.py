"""Which project paths a Dockerfile's build copies from its context, and where they land
in the container (``code_roots``): through the stages the built target depends on,
``COPY --from`` carrying earlier stages' copies on, and the project installed as a
package (``pip install .``: held under ``INSTALLED_PREFIX``)."""
from __future__ import annotations

import fnmatch
import posixpath
import re
from typing import Callable

from dockwise.layout.dockerfile_types import (
    Dockerfile,
    container_join,
    find_stage,
    looks_like_file,
)
from dockwise.layout.model import CodeRoot


def _stage_closure(df: Dockerfile, target: str | int | None) -> set[int]:
    top = df.stage(target)
    if top is None:
        return set()
    seen: set[int] = set()
    todo = [top.index]
    while todo:
        idx = todo.pop()
        if idx in seen or not (0 <= idx < len(df.stages)):
            continue
        seen.add(idx)
        st = df.stages[idx]
        if st.parent is not None:
            todo.append(st.parent)
        todo.extend(st.depends)
    return seen


def _norm_source(src: str) -> str | None:
    """A COPY source as a path relative to the build context ("" for the context itself)."""
    s = src.replace("\\", "/") if "/" not in src and "\\" in src else src
    s = s.lstrip("/")
    s = posixpath.normpath(s) if s else "."
    if s == "." or s == "":
        return ""
    if s == ".." or s.startswith("../"):
        return None
    return s


def _glob_dir(rel: str) -> str | None:
    """The directory a COPY pattern's files come from (``pkg/*.py`` -> ``pkg``), or None when
    the pattern is at the context's root or a directory part is a pattern itself."""
    head, _, tail = rel.rpartition("/")
    if not head or any(ch in head for ch in "*?["):
        return None
    return head


def _under(path: str, base: str) -> str | None:
    """``path`` relative to ``base`` ("" when equal), or None when it is not under it."""
    if base == "/":
        return path.lstrip("/")
    if path == base:
        return ""
    if path.startswith(base.rstrip("/") + "/"):
        return path[len(base.rstrip("/")) + 1 :]
    return None


def code_roots(
    df: Dockerfile,
    context: str,
    *,
    target: str | None = None,
    isdir: Callable[[str], bool] | None = None,
) -> tuple[CodeRoot, ...]:
    """Project paths the build copies from its context, with their container targets.

    ``context`` is the build context directory relative to the project root ("" for the
    root).  ``target`` is the stage built (Compose ``build.target``; default the last):
    copies in the stages it depends on count.  ``isdir(path)`` says whether a project path
    is a directory (a guess from the name when not given).  Globs are widened to their
    directory.  A context copy into an earlier stage that a later ``COPY --from`` carries
    over maps to the later destination.
    """
    return _code_roots(df, context, target, isdir)


def _code_roots(df, context, target, isdir) -> tuple[CodeRoot, ...]:
    context = posixpath.normpath(context.strip("/")) if context and context not in (".", "./") else ""
    if context == ".":
        context = ""
    stages = _stage_closure(df, target)
    if not df.stages:
        return ()
    final = (df.stage(target) or df.stages[-1]).index
    roots: list[CodeRoot] = []
    copied: list[tuple[int, CodeRoot]] = []  # (line of the COPY, what it copied)
    for op in df.copies:
        if not op.from_context or op.stage not in stages:
            continue
        for src in op.sources:
            rel = _norm_source(src)
            if rel is None:
                continue
            parts = rel.split("/") if rel else []
            glob_at = next((k for k, p in enumerate(parts) if any(ch in p for ch in "*?[")), None)
            if glob_at is not None:
                if glob_at == len(parts) - 1 and not any(
                        fnmatch.fnmatchcase(name, parts[-1]) for name in ("x.py", "pkg", "x.sh", "x.ini", "x.conf")):
                    continue  # `COPY poetry.lock* ./`: files that hold no code or configuration
                source_rel = "/".join(parts[:glob_at])
                is_dir = True
                dest = op.dest
            else:
                source_rel = rel
                full = posixpath.join(context, rel) if context else rel
                if isdir is not None:
                    try:
                        is_dir = bool(isdir(full)) if full else True
                    except (OSError, ValueError):  # a path the system cannot stat (a NUL, too long): by its name
                        is_dir = not looks_like_file(posixpath.basename(rel))
                else:
                    is_dir = rel == "" or src.endswith("/") or not looks_like_file(posixpath.basename(rel))
                if is_dir:
                    dest = op.dest
                elif op.dest_is_dir:
                    dest = container_join(op.dest, posixpath.basename(rel))
                else:
                    dest = op.dest
            source = posixpath.join(context, source_rel) if context and source_rel else (context or source_rel)
            source = posixpath.normpath(source) if source else ""
            if source == ".":
                source = ""
            excludes = tuple(
                posixpath.normpath(posixpath.join(source, e.lstrip("/"))) if source else posixpath.normpath(e.lstrip("/"))
                for e in op.excludes
            )
            for src_path, dst in _carry(df, op.stage, final, source, dest, is_dir, stages):
                root = CodeRoot(src_path, dst, excludes)
                roots.append(root)
                copied.append((op.span.line, root))
    roots.extend(_renamed_roots(df, copied, final))
    roots.extend(_installed_roots(df, context, final, stages))
    out: list[CodeRoot] = []
    for r in roots:
        if r not in out:
            out.append(r)
    return tuple(out)


# `cp [-f] A B` / `mv [-f] A B`, one file to another: a module the build puts in place of another
_RENAME = re.compile(r"^(?:cp|mv)(?:\s+-[a-zA-Z]+|\s+--(?:force|no-clobber|verbose|preserve))*\s+(\S+)\s+(\S+)$")
# `ln [-s] [-f] A B`: B reads as A (a site file linked from sites-available into sites-enabled)
_LINK = re.compile(r"^ln(?:\s+-[sfnvrT]+|\s+--(?:symbolic|force|no-dereference|verbose|relative))*\s+(\S+)\s+(\S+)$")
_PLAIN_PATH = re.compile(r"^[\w./-]+$")
# files a start command reads that a RUN copies into place from what a COPY put in the image
# (`cd docker && cp supervisord.conf /etc/supervisord.conf && cp docker-entrypoint.sh /sbin/`):
# a shell script, a process manager's or a server's configuration
_STARTS = re.compile(r"\.(?:sh|conf|ini)$")


def _renamed_roots(df: Dockerfile, copied: list[tuple[int, CodeRoot]], final: int) -> list[CodeRoot]:
    """Modules a RUN of the final image's stages copies or moves over another after a COPY
    put them there (``RUN cp config_docker.py config.py``, ``RUN mv settings.docker.py
    settings.py``, the image's own variant of a module the tree keeps for running on the
    host): the project file that lands at the second path is the first one's.  Only plain
    paths of Python modules, in a RUN made of simple commands (``cd DIR``, ``cp``, ``mv``
    and others joined by ``&&`` or ``;``); a path with a variable or a glob is not followed.
    A link (``ln -s``) puts any file in place: a proxy's site file linked from
    ``sites-available`` into ``sites-enabled`` is read there."""
    chain = _ancestors(df, final)
    workdir: dict[int, str] = {}
    out: list[CodeRoot] = []
    for inst in df.instructions:
        if inst.stage < 0:
            continue
        if inst.keyword == "FROM":
            parent = df.stages[inst.stage].parent if inst.stage < len(df.stages) else None
            workdir[inst.stage] = workdir.get(parent, "/") if parent is not None else "/"
            continue
        if inst.keyword == "WORKDIR":
            arg = inst.args.strip().strip('"')
            cwd = container_join(workdir.get(inst.stage, "/"), arg) if _PLAIN_PATH.match(arg) else None
            workdir[inst.stage] = cwd or ""
            continue
        if inst.keyword != "RUN" or inst.stage not in chain or inst.heredocs:
            continue
        cwd = workdir.get(inst.stage, "/")
        for part in re.split(r"&&|;|\n", inst.args.replace("\\\n", " ")):
            words = part.split()
            if not cwd or not words:
                continue
            if words[0] == "cd":
                cwd = container_join(cwd, words[1]) if len(words) == 2 and _PLAIN_PATH.match(words[1]) else ""
                continue
            link = _LINK.match(" ".join(words))
            m = link or _RENAME.match(" ".join(words))
            if m is None or not all(_PLAIN_PATH.match(w) for w in m.groups()):
                continue
            src, dst = (container_join(cwd, w) for w in m.groups())
            if src.endswith(".py"):
                dsts = [dst if dst.endswith(".py") else container_join(dst, posixpath.basename(src))]
            elif link is not None or _STARTS.search(posixpath.basename(src)):
                # any file a link puts in place (a proxy's site file): into a directory where
                # the name says so, else, where it may be either (`ln -s a.conf sites-enabled`,
                # `ln -s a.conf sites-enabled/a`), at both paths
                base = posixpath.basename(src)
                into = container_join(dst, base)
                dsts = [into] if m.group(2).endswith("/") else \
                    [dst, into] if "." not in posixpath.basename(dst) and "." in base else [dst]
            else:
                continue
            for line, root in sorted(copied, key=lambda c: -len(c[1].target or "")):
                found = root.project_path(src, posixpath.normpath(root.target)) \
                    if root.target and line < inst.line else None
                if found is not None:
                    out.extend(CodeRoot(posixpath.normpath(found), d) for d in dsts)
                    break
    return out


# `pip install .`, `pip install -e /app`, `uv pip install .`, `poetry install`, `uv sync`,
# `pdm install`, `pip wheel .`, `python setup.py install`, `python -m build`, and the tool
# installers that put the project in a venv of its own with its console scripts on the PATH
# (`pipx install .`, `uv tool install .`): the project itself is installed (or built to be
# installed) from what the stage copied
_INSTALL = re.compile(
    r"\b(?:pip3?|pipx|uv\s+pip|uv\s+tool|python3?\s+-m\s+pip|python3?\s+-m\s+pipx)\s+(?:install|wheel)\b[^&;|\n]*?\s(?:-e\s+|--editable\s+|--no-deps\s+)?"
    r"(?:\.|\./|/[\w./-]+|\.\[[\w,-]+\])(?=\s|$|\[)"
    r"|\b(?:poetry|pdm)\s+install\b|\buv\s+sync\b|\bsetup\.py\s+(?:install|develop|bdist_wheel)\b"
    r"|\bpython3?\s+-m\s+build\b|\buv\s+build\b"
)
INSTALLED_PREFIX = "/@installed"  # where a container holds the project's own installed packages


def _installed_roots(df: Dockerfile, context: str, final: int, stages: set[int]) -> list[CodeRoot]:
    """The project's code a stage installs as a package (a venv or site-packages, then
    copied on to the final stage): importable in the container, but not at a path the
    Dockerfile names.  Mapped under ``INSTALLED_PREFIX`` (its ``src/`` too)."""
    chain = _ancestors(df, final)
    reaching = set(chain)
    for op in df.copies:  # a stage whose files the final chain copies from
        if op.from_stage is not None and op.stage in chain:
            st = find_stage(df.stages[: op.stage], op.from_stage)
            if st is not None:
                reaching |= _ancestors(df, st.index)
    out: list[CodeRoot] = []
    for inst in df.instructions:
        if inst.keyword != "RUN" or inst.stage not in reaching or inst.stage not in stages:
            continue
        if not _INSTALL.search(inst.args):
            continue
        for op in df.copies:
            if not op.from_context or op.stage not in _ancestors(df, inst.stage):
                continue
            for src in op.sources:
                rel = _norm_source(src)
                if rel is not None and any(ch in rel for ch in "*?["):
                    # `COPY pkg/*.py /src/pkg/`: the package directory the pattern picks from
                    # (a pattern at the context's root names no directory: left out)
                    rel = _glob_dir(rel)
                if rel is None:
                    continue
                source = posixpath.join(context, rel) if context and rel else (context or rel)
                target = posixpath.join(INSTALLED_PREFIX, source) if source else INSTALLED_PREFIX
                root = CodeRoot(posixpath.normpath(source) if source else "", target)
                if root not in out:
                    out.append(root)
    return out


def _carry(df: Dockerfile, stage: int, final: int, source: str, dest: str, is_dir: bool, stages: set[int], depth: int = 0):
    """Follow ``COPY --from=<stage>`` chains: where (source, dest) written in ``stage`` ends up."""
    if stage == final or depth > len(df.stages):
        return [(source, dest)]
    out = []
    for op in df.copies:
        if op.from_stage is None or op.stage not in stages or op.stage <= stage:
            continue
        src_stage = find_stage(df.stages[: op.stage], op.from_stage)
        if src_stage is None or src_stage.index != stage:
            continue
        for src in op.sources:
            if any(ch in src for ch in "*?["):
                continue
            base = container_join("/", src)
            rest = _under(dest, base)
            if rest is not None:  # what the stage wrote lies under what is copied on
                if rest:
                    new_dest = container_join(op.dest, rest)
                elif is_dir or not op.dest_is_dir:
                    new_dest = op.dest
                else:
                    new_dest = container_join(op.dest, posixpath.basename(base))
                out.extend(_carry(df, op.stage, final, source, new_dest, is_dir, stages, depth + 1))
                continue
            inner = _under(base, dest) if is_dir else None
            if inner:  # only a part of what the stage wrote is copied on
                sub = posixpath.join(source, inner) if source else inner
                out.extend(_carry(df, op.stage, final, sub, op.dest, True, stages, depth + 1))
    # Code copied into a stage the final one is built FROM is there too; code copied only
    # into a build stage (assets, collectstatic, wheels) and not carried on does not run.
    if stage in _ancestors(df, final) and (source, dest) not in out:
        out.append((source, dest))
    return out


def _ancestors(df: Dockerfile, index: int) -> set[int]:
    """``index`` and the stages it is built FROM (their files are in it)."""
    out: set[int] = set()
    stage: int | None = index
    while stage is not None and 0 <= stage < len(df.stages) and stage not in out:
        out.add(stage)
        stage = df.stages[stage].parent
    return out
