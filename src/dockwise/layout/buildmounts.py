"""What the build of an image bind-mounts from its build context into a RUN
(``RUN --mount=type=bind,source=pyproject.toml,target=pyproject.toml uv sync``).

The mounted files are there only while that RUN runs: the container does not hold them, so
they are no code root.  But what the RUN does with them stays: installing a project from its
mounted ``pyproject.toml`` puts the project's console scripts on the image's PATH, where a
start command (``CMD ["tool", "serve"]``) names them.  A bind mount is BuildKit's default
mount type; its ``source`` (or ``src``) is a path in the build context unless ``from`` names a
stage or an image, and defaults to the context's root."""
from __future__ import annotations

from typing import Any

from dockwise.layout.compose import _join, outside_root

__all__ = ["bind_mounted_sources"]


def bind_mounted_sources(df: Any, context: str | None, target: str | None) -> tuple[str, ...]:
    """Root-relative paths that RUN instructions of the stages making the built image (the
    target stage, the stages it is built from and those it copies from) bind-mount from the
    build context ``context``."""
    if df is None or context is None or not getattr(df, "stages", None):
        return ()
    final = df.stage(target)
    if final is None:
        return ()
    by_index = {st.index: st for st in df.stages}
    wanted: set[int] = set()
    todo = [final.index]
    while todo:
        i = todo.pop()
        if i in wanted or i not in by_index:
            continue
        wanted.add(i)
        st = by_index[i]
        todo.extend(([st.parent] if st.parent is not None else []) + list(st.depends))
    out: list[str] = []
    for inst in df.instructions:
        if inst.keyword != "RUN" or inst.stage not in wanted:
            continue
        for name, value in inst.flags:
            if name != "mount" or not value:
                continue
            opts = {k.strip().lower(): v.strip() for k, _, v in (p.partition("=") for p in value.split(","))}
            if opts.get("type", "bind") != "bind" or "from" in opts:
                continue
            source = opts.get("source", opts.get("src", ""))
            if "$" in source:
                continue
            path = _join(context, source.lstrip("/"))
            if not outside_root(path) and path not in out:
                out.append(path)
    return tuple(out)
