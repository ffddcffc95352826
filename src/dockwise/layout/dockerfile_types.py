"""A parsed Dockerfile as plain frozen data (instructions, COPY/ADD operations, stages,
the final stage's settings) and the two container-path rules that both the parser and
``code_roots`` follow: how a path joins a WORKDIR, and which names look like files."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace

from dockwise.layout.model import Command, EnvVar
from dockwise.model import FileError, Span, Text


@dataclass(frozen=True)
class Instruction:
    """One (logical) instruction.  ``args`` is the text after the keyword with continuation
    lines joined and comment lines removed; ``text`` is the same as a located Text."""

    keyword: str  # upper case
    args: str
    span: Span  # from the keyword to the end of the instruction's last line
    line: int
    text: Text = Text("")
    stage: int = -1  # index of the stage it belongs to (-1: before the first FROM)
    flags: tuple[tuple[str, str | None], ...] = ()  # leading --name[=value] options
    heredocs: tuple[str, ...] = ()  # bodies of heredocs (RUN <<EOF ... EOF)

    def flag(self, name: str) -> str | None:
        for key, value in self.flags:
            if key == name:
                return value if value is not None else ""
        return None


@dataclass(frozen=True)
class CopyOp:
    """A COPY or ADD.  ``dest`` is an absolute container path (resolved against WORKDIR,
    trailing slash removed); ``dest_is_dir`` says the destination is a directory (written
    with a trailing ``/``, ``.``, several sources, a glob, or a known WORKDIR)."""

    sources: tuple[str, ...]
    dest: str
    span: Span
    from_context: bool
    keyword: str = "COPY"
    from_stage: str | None = None  # the --from value (a stage name/index or an image)
    stage: int = 0
    excludes: tuple[str, ...] = ()
    dest_is_dir: bool = False
    source_texts: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Stage:
    """A build stage and the image configuration at its end (inherited from its parent
    stage when it is built ``FROM`` an earlier stage)."""

    index: int
    name: str | None  # lower case (stage names are case-insensitive)
    base: str  # the FROM image (after ARG substitution)
    span: Span
    parent: int | None = None  # the earlier stage it is built from
    workdir: str | None = None
    env: tuple[EnvVar, ...] = ()
    expose: tuple[int, ...] = ()
    cmd: Command | None = None
    entrypoint: Command | None = None
    healthcheck: Command | None = None
    healthcheck_disabled: bool = False
    shell: tuple[str, ...] | None = None
    user: str | None = None
    depends: tuple[int, ...] = ()  # stages it copies from (COPY --from, RUN --mount from)


@dataclass(frozen=True)
class Dockerfile:
    """The parsed file.  The image-level fields are those of the final stage."""

    path: str
    instructions: tuple[Instruction, ...] = ()
    stages: tuple[Stage, ...] = ()
    workdir: str | None = None
    copies: tuple[CopyOp, ...] = ()
    expose: tuple[int, ...] = ()
    env: tuple[EnvVar, ...] = ()
    cmd: Command | None = None
    entrypoint: Command | None = None
    healthcheck: Command | None = None
    healthcheck_disabled: bool = False
    escape: str = "\\"
    warnings: tuple[FileError, ...] = field(default=())

    def stage(self, target: str | int | None = None) -> Stage | None:
        """The stage named ``target`` (Compose ``build.target``), or the final stage."""
        return find_stage(self.stages, target)

    def for_target(self, target: str | None) -> "Dockerfile":
        """This Dockerfile as built with ``--target`` (the image fields of that stage)."""
        st = self.stage(target)
        if st is None or target is None:
            return self
        return replace(
            self,
            workdir=st.workdir,
            expose=st.expose,
            env=st.env,
            cmd=st.cmd,
            entrypoint=st.entrypoint,
            healthcheck=st.healthcheck,
            healthcheck_disabled=st.healthcheck_disabled,
        )


def find_stage(stages: tuple[Stage, ...], target: str | int | None) -> Stage | None:
    if not stages:
        return None
    if target is None:
        return stages[-1]
    if isinstance(target, int):
        return stages[target] if 0 <= target < len(stages) else None
    key = str(target).lower()
    for st in stages:
        if st.name == key:
            return st
    if key.isdigit() and int(key) < len(stages):
        return stages[int(key)]
    return None


def container_join(base: str | None, path: str) -> str:
    if path.startswith("/"):
        full = path
    else:
        full = posixpath.join(base or "/", path)
    full = posixpath.normpath(full)
    if full.startswith("//"):
        full = "/" + full.lstrip("/")
    return full



def looks_like_file(name: str) -> bool:
    """A guess, without the file system: ``app.py`` and ``.env`` are files, ``app`` a directory."""
    if name in ("", ".", ".."):
        return False
    if name.startswith("."):
        return True
    stem, dot, ext = name.rpartition(".")
    return bool(dot and stem and ext and ext.isalnum())
