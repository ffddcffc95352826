"""A shell script a start command runs from inside a bind mount where the tree holds no such file.

``image: python:3.12-slim`` with ``volumes: ["../..:/app"]`` and ``command: bash -c
"chmod +x /app/tools/setup.sh && /app/tools/setup.sh"``: the bind mount hides whatever the
image had at ``/app``, so the container's ``/app`` is the mounted directory of the tree, and
where that directory holds no ``tools/setup.sh`` (the mount's source is another directory
than the command assumes), the shell cannot run the script ("No such file or directory"):
it runs none of the project's code.  Left unread, such a script made the container be judged
on every file it holds.

The evidence has to be complete: the service is built from no Dockerfile and runs a stock
image (``interpreter_images``, ``shell_images``: nothing of the project in it), the script's
container path lies inside a code root whose source is a directory of the tree, nothing of
the tree lies there, and the command does not write the file itself before it runs it (a
command naming the script's file under any program other than ``chmod``, ``test`` or the
shell that runs it, or after a redirection, may create it: ``curl -o``, ``cp``, ``cat >``).

The same holds for a service built from a Dockerfile that starts FROM such a stock image, whose
start command (no entrypoint before it) is the script at an absolute container path inside a
directory the Dockerfile copies from the tree (``COPY ./suite /opt/suite`` with ``command:
/opt/suite/checks/run.sh`` where ``suite/`` holds no ``checks/run.sh``): the container exits at
start.  Here the build must also be unable to write the file: no ONBUILD, no COPY or ADD written
inline or fetched, no RUN that names the file or runs a program that writes files
(``image_build_file_writers``), and no COPY or ADD that may land on the script's path whose
source is not a plain file or directory of the tree (another stage, an image, a URL, an archive,
a variable, a glob, a source the checkout lacks such as a submodule); one whose absolute
destination is not the script's path nor a directory above it cannot put it there.

And for a service built from any Dockerfile whose start command (no entrypoint before it) is the
script, where the script's container path lies in a Compose bind mount of a directory of the tree
that holds no such file (``volumes: ["./web/scripts:/srv/web/scripts"]`` with ``command:
./scripts/run.sh`` in ``/srv/web``): the mount hides whatever the build put there, so what the
image holds does not matter; the shell cannot run the script.
"""
from __future__ import annotations

import fnmatch
import posixpath
import re
from typing import Sequence

from dockwise.knowledge import Frameworks
from dockwise.layout.dockerfile import parse_dockerfile
from dockwise.layout.model import Service
from dockwise.runs.fs import ContainerView, ProjectFiles
from dockwise.runs.imagematch import image_in

_SEPARATORS = re.compile(r"&&|\|\||[;|\n()`]|\$\(")
_PREFIXES = frozenset(("sudo", "exec", "then", "do", "else", "elif", "if", "while", "until", "!", "{", "time",
                       "nice", "nohup", "env"))
# programs that read or run a file without writing it
_READERS = frozenset(("chmod", "test", "[", "[[", "sh", "bash", "dash", "ash", "zsh", "source", "."))


def _simple_commands(text: str, prefixes: frozenset[str]) -> list[tuple[str, list[str]]]:
    """Each command of a shell text (its lists, pipelines and substitutions) as written, with
    its words past the leading ones of ``prefixes`` (keywords, wrappers) and ``VAR=value``
    assignments."""
    out = []
    for part in _SEPARATORS.split(text):
        words = part.replace("\\\n", " ").split()
        while words and (words[0] in prefixes or re.fullmatch(r"[A-Za-z_]\w*=\S*", words[0])):
            words = words[1:]
        if words:
            out.append((part, words))
    return out


def _container_path(script: str, cwd: str | None) -> str | None:
    if script.startswith("/"):
        return posixpath.normpath(script)
    if cwd and cwd.startswith("/"):
        return posixpath.normpath(posixpath.join(cwd, script))
    return None


def _inside_mount(cpath: str, view: ContainerView, files: ProjectFiles) -> bool:
    """``cpath`` lies under a code root whose source is a directory of the tree."""
    for target, _, root in view.roots:
        found = root.project_path(cpath, target)
        if found is None:
            continue
        rel = posixpath.normpath(found) if found else ""
        if rel == ".." or rel.startswith("../"):
            return False  # the mount's source lies outside the tree: its files are unknown
        source = posixpath.normpath(root.source) if root.source else ""
        return source in ("", ".") or files.is_dir(source)
    return False


def _writes(text: str, name: str) -> bool:
    """Whether the command text may write the file ``name`` (a base name) before running it."""
    if re.search(r">\s*\S*" + re.escape(name), text):
        return True
    for part, words in _simple_commands(text, _PREFIXES):
        if name not in part:
            continue
        first = words[0].strip("'\"")
        if posixpath.basename(first) == name:
            continue  # the script itself, run
        if first not in _READERS:
            return True
    return False


def absent_mounted_script(svc: Service, script: str, cwd: str | None, command_text: str, view: ContainerView,
                          files: ProjectFiles, frameworks: Frameworks) -> bool:
    """Whether the shell script ``script`` that ``svc``'s command runs is missing from its
    container: see the module's docstring."""
    if not svc.code or "$" in script or not script:
        return False
    built = svc.dockerfile is not None or svc.build_context is not None
    if not built and not image_in(svc, (*frameworks.interpreter_images, *frameworks.shell_images)):
        return False
    cpath = _container_path(script, cwd)
    if cpath is None or view.file(cpath) is not None or not _inside_mount(cpath, view, files):
        return False
    if built and not (_bind_mounted(cpath, view) and _starts_with(svc, script)):
        # an image of the project may hold the script where no Compose bind mount hides its
        # files, and its entrypoint may write it there before the command runs
        return False
    return not _writes(command_text, posixpath.basename(cpath))


def _bind_mounted(cpath: str, view: ContainerView) -> bool:
    """The code root ``cpath`` lies in is a Compose bind mount: it hides whatever the image's
    build put there, so only the tree's directory says what the container has at ``cpath``."""
    for target, _, root in view.roots:
        if root.project_path(cpath, target) is not None:
            return root.mounted
    return False


def _starts_with(svc: Service, script: str) -> bool:
    """``svc``'s start command (its entrypoint and command) is ``script`` itself, or a shell
    given it: nothing runs before it that could write the file."""
    cmd = svc.command
    if cmd is None or not cmd.tokens:
        return False
    words = [t.value for t in cmd.tokens]
    return words[0] == script or len(words) > 1 and words[0] in _SHELLS and words[1] == script


_PYTHON = re.compile(r"(?:.*/)?python(?:\d+(?:\.\d+)*)?")
_RUN_PREFIXES = _PREFIXES | frozenset(("set", "-e", "-x", "-ex", "-xe", "-eux", "-eu"))
_PIP_MODULES = frozenset(("pip", "venv", "ensurepip", "compileall", "py_compile"))


def run_writes(body: str, writers: Sequence[str]) -> bool:
    """Whether a RUN's shell text runs, as a command, a program of ``writers`` (globs): the
    first word of each command of its lists and pipelines (``python -m pip`` installs
    packages, not files of the working directory)."""
    for _, words in _simple_commands(body, _RUN_PREFIXES):
        prog = posixpath.basename(words[0].strip("'\""))
        if _PYTHON.fullmatch(prog) and len(words) > 2 and words[1] == "-m" and words[2] in _PIP_MODULES:
            continue
        if any(fnmatch.fnmatchcase(prog, w) for w in writers):
            return True
    return False


_ARCHIVE = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".zip")
_SHELLS = frozenset(("sh", "bash", "dash", "ash", "zsh", "/bin/sh", "/bin/bash", "/usr/bin/env"))


def _may_land_on(dest: str, cpath: str) -> bool:
    """Whether a COPY or ADD to ``dest`` may put a file at the container path ``cpath``."""
    if not dest.startswith("/"):
        return True  # a destination of an unknown working directory
    dest = posixpath.normpath(dest)
    return dest == "/" or cpath == dest or cpath.startswith(dest + "/")


def _build_may_write(svc: Service, cpath: str, files: ProjectFiles, frameworks: Frameworks) -> bool:
    """Whether the Dockerfile of ``svc`` may put a file at ``cpath`` that the layout does not show."""
    assert svc.dockerfile is not None
    text = files.text(svc.dockerfile)
    if text is None:
        return True
    df = parse_dockerfile(text, svc.dockerfile)
    name = posixpath.basename(cpath)
    for ins in df.instructions:
        if ins.keyword == "ONBUILD" or ins.keyword in ("COPY", "ADD") and any(
                mark in ins.args for mark in ("<<", "://", "git@")):
            return True
        if ins.keyword == "RUN":
            body = "\n".join((ins.args, *ins.heredocs))
            if name in body or run_writes(body, frameworks.image_build_file_writers):
                return True
    context = svc.build_context or ""
    for op in df.copies:
        if not _may_land_on(op.dest, cpath):
            continue
        if op.from_stage is not None or not op.from_context:
            return True
        for src in op.sources:
            if "$" in src or "://" in src or src.startswith("git@") or any(ch in src for ch in "*?["):
                return True
            if op.keyword == "ADD" and src.lower().endswith(_ARCHIVE):
                return True
            rel = posixpath.normpath(posixpath.join(context, src)) if context else posixpath.normpath(src)
            if rel.startswith("../") or not (files.is_file(rel) or files.is_dir(rel)):
                return True
    return False


def absent_built_script(svc: Service, script: str, command_text: str, view: ContainerView,
                        files: ProjectFiles, frameworks: Frameworks) -> bool:
    """Whether the script ``script`` that starts ``svc``, built FROM a stock image, is missing
    from its image: see the module's docstring."""
    if svc.dockerfile is None or svc.build_context is None:
        return False
    if not image_in(svc, (*frameworks.interpreter_images, *frameworks.shell_images)):
        return False
    if "$" in script or not script.startswith("/"):
        return False
    cmd = svc.command
    if cmd is None or not cmd.tokens:
        return False
    words = [t.value for t in cmd.tokens]
    if not (words[0] == script or len(words) > 1 and words[0] in _SHELLS and words[1] == script):
        return False  # an entrypoint before it may write the file
    cpath = posixpath.normpath(script)
    if view.file(cpath) is not None or not _inside_mount(cpath, view, files):
        return False
    if _writes(command_text, posixpath.basename(cpath)):
        return False
    return not _build_may_write(svc, cpath, files, frameworks)


# a step of a shell text that is more than one simple command, or a keyword of a compound one:
# what follows such a step may run whatever it did
_NOT_SIMPLE = re.compile(r"\|\||[;|&\n()`]|\$\(")
_KEYWORDS = frozenset(("if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
                       "{", "}", "!"))
_CP = frozenset(("cp", "/bin/cp", "/usr/bin/cp"))


def chain_before_absent_copy(text: str, cwd: str | None, view: ContainerView, files: ProjectFiles) -> str | None:
    """The steps of the ``&&`` chain ``text`` that run before a ``cp`` whose source is missing
    from a Compose bind mount of a directory of the tree, joined again; None where there is no
    such ``cp`` or ``text`` is anything but a chain of simple commands joined by ``&&``.

    ``bash -c "pip install flask && cp /src/bot/app.py /app/ && python -m app"`` with ``.:/src``
    mounted where the tree holds no ``bot/app.py``: cp fails (it exits non-zero when a source
    operand is missing) and ``&&`` runs nothing after it, so the program the chain ends with
    never starts.  The mount hides whatever the image holds at that path, so only the tree
    says what is there.  A source written with a variable, a glob or a relative path from an
    unknown directory, a ``-t`` option, or a step joined by ``;``, ``||``, ``|`` or ``&`` (the
    chain goes on whatever cp did) keeps the whole text."""
    if "&&" not in text or "\\\n" in text:
        return None
    steps = text.split("&&")
    for i, step in enumerate(steps):
        if _NOT_SIMPLE.search(step):
            return None
        words = step.split()
        if not words or words[0] in _KEYWORDS:
            return None
        if words[0] in _CP and not any(ch in step for ch in "'\"\\<>") \
                and _copy_source_absent(words[1:], cwd, view, files):
            # (a quoted or escaped word, or a redirection, is not read: its operands are unsure)
            return "&&".join(steps[:i]).strip()
    return None


def _copy_source_absent(args: list[str], cwd: str | None, view: ContainerView, files: ProjectFiles) -> bool:
    """Whether one source of ``cp ARGS`` is a path inside a Compose bind mount of a directory
    of the tree where the tree holds neither a file nor a directory."""
    operands: list[str] = []
    for a in args:
        if a.startswith("-"):
            if a in ("-t", "--target-directory", "-T", "--no-target-directory", "-S", "--suffix") \
                    or a.startswith("--target-directory"):
                return False  # the operands' roles change, or an option takes the next word
            continue
        operands.append(a)
    if len(operands) < 2:
        return False
    for source in operands[:-1]:
        if not source or any(ch in source for ch in "$*?[{~"):
            continue
        cpath = _container_path(source, cwd)
        if cpath is None or not _bind_mounted(cpath, view) or not _inside_mount(cpath, view, files):
            continue
        if view.file(cpath) is None and not view.is_dir(cpath):
            return True
    return False
