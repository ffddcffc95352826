"""A start command naming a script the built image cannot hold.

``command: python app.py`` in a container built ``FROM python:3.12`` whose Dockerfile copies
(and whose bind mounts hold) no ``app.py``: the interpreter exits at start ("can't open
file"), and none of the project's files runs there.  Judging every file the container holds
(the fallback of a start command that cannot be followed) would charge it with a sibling
``server.py`` it never starts.  The evidence has to be complete: the image starts from one
that ships no project script (``interpreter_images``, ``shell_images``), no instruction of
the Dockerfile may put the file there (a RUN that names it or runs a program that writes
files it does not name, ``image_build_file_writers`` in ``rules/frameworks.yaml``; a COPY or
ADD from another stage, an image, a URL, an archive, a variable or a source the tree lacks),
and no file of the project (held by the container, or in its build context) ends with the
script's path: a file that could be it, mounted or copied where the layout does not say.  One
the container's code roots put at a path of their own while nothing lies where the interpreter
opens the script (``web/app.py`` of a project copied whole to ``/app``, started as
``python app.py`` in ``/app``) is known not to be it.
"""
from __future__ import annotations

import fnmatch
import posixpath
import re
from typing import Sequence

from dockwise.knowledge import Frameworks
from dockwise.knowledge.commands import Server
from dockwise.layout.dockerfile import parse_dockerfile
from dockwise.layout.model import Service
from dockwise.layout.shell import split_words
from dockwise.model import Text
from dockwise.runs.entries import Entry
from dockwise.runs.fs import ContainerView, ProjectFiles
from dockwise.runs.imagematch import image_in
from dockwise.runs.mountedscript import run_writes

_PYTHON = re.compile(r"(?:.*/)?python(?:\d+(?:\.\d+)*)?")
_ARCHIVE = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".zip")


def _tail(value: str) -> str:
    parts = [p for p in posixpath.normpath(value).split("/") if p not in ("", ".")]
    return "/".join(parts[-2:])


def _script_paths(python: Sequence[Entry]) -> tuple[str, ...] | None:
    """The container paths the scripts are opened at (a relative one from its working
    directory), or None where a working directory is unknown."""
    out = []
    for e in python:
        if e.value.startswith("/"):
            out.append(posixpath.normpath(e.value))
        elif e.working_dir and e.working_dir.startswith("/"):
            out.append(posixpath.normpath(posixpath.join(e.working_dir, e.value)))
        else:
            return None
    return tuple(out)


def _lands_elsewhere(rel: str, in_view: set[str], paths: tuple[str, ...] | None, view: ContainerView) -> bool:
    """Whether the project file ``rel``, named like a script, is known not to be it: the
    container holds it (its code roots copy or mount it) at a path of its own, and nothing
    the container holds lies where the interpreter opens the script (``python app.py`` run
    in ``/app``, the project copied whole to ``/app`` with its ``app.py`` under ``web/``)."""
    if paths is None or rel not in in_view:
        return False  # only in the build context: it may be copied where the layout does not say
    where = view.container_path(rel)
    if where is None:
        return False
    return all(posixpath.normpath(where) != p and view.file(p) is None for p in paths)


def _chain_head(tokens: Sequence[Text], shells: Sequence[str]) -> str | None:
    """The script of the first step of ``sh -c "python prep.py && ..."``, a chain the shell
    stops where that step fails: the argv is the shell, ``-c`` and the inline script alone,
    whose first simple command is the interpreter on a ``.py`` script with no redirection,
    followed by nothing or by ``&&``.  None for any other shape (``;``, ``||``, ``|`` or ``&``
    after it run what follows whatever it did; an option or a word before the script may
    change what is opened)."""
    if len(tokens) != 3 or tokens[1].value != "-c" or posixpath.basename(tokens[0].value) not in shells:
        return None
    words = split_words(tokens[2], newline_is_separator=True)
    head = []
    for w in words:
        if w.control:
            if w.value != "&&":
                return None
            break
        if w.operator:
            return None  # a redirection: what it opens or writes is another matter
        head.append(w.value)
    if len(head) < 2 or not _PYTHON.fullmatch(head[0]) or not head[1].endswith(".py") or "$" in head[1]:
        return None
    return head[1]


def absent_scripts(svc: Service, python: Sequence[Entry], view: ContainerView, files: ProjectFiles,
                   frameworks: Frameworks, shells: Sequence[str] = ()) -> bool:
    """Whether ``svc`` (built from a Dockerfile) starts the interpreter on scripts that are
    in none of its files: see the module's docstring.  A shell's inline chain whose first step
    is such a script (``sh -c "python prep.py && gunicorn main:app"``) runs nothing either: the
    interpreter exits, and ``&&`` stops the chain before anything else starts."""
    if svc.dockerfile is None or svc.build_context is None or not python:
        return False
    if not image_in(svc, (*frameworks.interpreter_images, *frameworks.shell_images)):
        return False  # an image of its own may ship the script where the command names it
    cmd = svc.command
    if cmd is None or not cmd.tokens:
        return False
    if not _PYTHON.fullmatch(cmd.tokens[0].value):
        head = _chain_head(cmd.tokens, shells)
        if head is None:
            return False  # an entrypoint script or a shell may write the file before it starts
        python = [e for e in python if e.kind == "script" and e.via == "python" and e.value == head][:1]
        if not python:
            return False
    if not all(e.kind == "script" and e.via == "python" for e in python):
        return False
    tails = []
    for e in python:
        tail = _tail(e.value)
        if not tail.endswith(".py") or "$" in e.value:
            return False
        tails.append(tail)
    in_view = set(view.python_files())
    context = svc.build_context
    held = set(in_view)
    held.update(files.python_below(context, lambda _rel: False) if files.is_dir(context) else ())
    paths = _script_paths(python)
    if any((rel == t or rel.endswith("/" + t)) and not _lands_elsewhere(rel, in_view, paths, view)
           for rel in held for t in tails):
        return False  # a file of the project may be that script
    if paths and all(_under_mount(p, view, files) for p in paths):
        return True  # a bind mount of the tree hides whatever the build wrote there
    return not _build_may_write(svc, {posixpath.basename(t) for t in tails}, files, frameworks)


def _under_mount(cpath: str, view: ContainerView, files: ProjectFiles) -> bool:
    """Whether the deepest code root holding the container path ``cpath`` is a bind mount of
    a directory of the tree (``.:/app``): what the container finds there is that directory."""
    for target, _, root in view.roots:
        found = root.project_path(cpath, target)
        if found is None:
            continue
        rel = posixpath.normpath(found) if found else ""
        source = posixpath.normpath(root.source) if root.source else ""
        return root.mounted and not (rel == ".." or rel.startswith("../")) and (
            source in ("", ".") or files.is_dir(source))
    return False


def _build_may_write(svc: Service, names: set[str], files: ProjectFiles, frameworks: Frameworks) -> bool:
    """Whether the Dockerfile of ``svc`` may put a file of one of ``names`` into the image
    other than by copying plain files and directories of the tree: a RUN naming it or
    running a program that writes files, ONBUILD, a COPY or ADD written inline, fetched, from
    a stage, an image, an archive, a variable, a matching glob or a source the tree lacks."""
    if svc.dockerfile is None:
        return True
    context = svc.build_context
    text = files.text(svc.dockerfile)
    if text is None:
        return True
    df = parse_dockerfile(text, svc.dockerfile)
    for ins in df.instructions:
        if ins.keyword == "ONBUILD" or ins.keyword in ("COPY", "ADD") and any(
                mark in ins.args for mark in ("<<", "://", "git@")):
            return True  # a file written inline, or fetched
        if ins.keyword == "RUN":
            body = "\n".join((ins.args, *ins.heredocs))
            if any(n in body for n in names) or run_writes(body, frameworks.image_build_file_writers):
                return True
    for op in df.copies:
        if op.from_stage is not None or not op.from_context:
            return True
        for src in op.sources:
            if "$" in src or "://" in src or src.startswith("git@"):
                return True
            if op.keyword == "ADD" and src.lower().endswith(_ARCHIVE):
                return True  # ADD unpacks a local archive
            if any(ch in src for ch in "*?["):
                if any(fnmatch.fnmatchcase(n, posixpath.basename(src)) for n in names):
                    return True
                continue
            rel = posixpath.normpath(posixpath.join(context, src)) if context else posixpath.normpath(src)
            if rel.startswith("../") or not (files.is_file(rel) or files.is_dir(rel)):
                return True  # a generated file, or one the checkout lacks: its content is unknown
    return False


def absent_modules(svc: Service, python: Sequence[Entry], view: ContainerView, files: ProjectFiles,
                   frameworks: Frameworks, servers: Sequence[Server] = ()) -> bool:
    """Whether ``svc`` (built from a Dockerfile FROM an interpreter or distribution image)
    starts ``python -m pkg.mod`` where ``pkg`` is a regular package of the project in the
    working directory, which ``-m`` puts first on ``sys.path``, and that package holds no
    ``mod`` (no ``mod.py``, no ``mod/`` directory) while no file of the project could be it:
    the import fails at start ("No module named pkg.mod"), and none of the project's files runs
    there.  A package ``__init__`` that extends ``__path__``, a namespace package (no
    ``__init__.py``: other directories on ``sys.path`` may hold the module), a module written
    by the build (``_build_may_write``) or one a file of the project may be keep the fallback.

    The same holds for the application module a server started as the command's program
    names (``uvicorn src.app.main:app``, ``servers`` of ``rules/commands.yaml`` with a
    positional module app): it imports that module from its working directory, where that
    directory is a Compose bind mount of a directory of the tree (what the build copied there is
    hidden).  There the top package may also be missing altogether (no ``src/``, no
    ``src.py``): where no file of the project is at that path anywhere, the server exits at start
    ("No module named 'src'"), a start command left behind by a move of the code.  (A working
    directory the build fills alone keeps the fallback: a copied tree may be completed otherwise.)  An
    option or configuration that may put another directory on the import path (``--app-dir``,
    ``--chdir``, ``--pythonpath``, a config file given or found, the server's argument
    variable) keeps the fallback."""
    if svc.dockerfile is None or svc.build_context is None or not python:
        return False
    if not image_in(svc, (*frameworks.interpreter_images, *frameworks.shell_images)):
        return False  # an image of its own may ship the module
    cmd = svc.command
    if cmd is None or not cmd.tokens:
        return False
    program = cmd.tokens[0].value
    server = None
    if not _PYTHON.fullmatch(program):
        server = _module_server(svc, posixpath.basename(program), [t.value for t in cmd.tokens[1:]], servers)
        if server is None:
            return False  # an entrypoint script or a shell may write the module before it starts
    held = set(view.python_files())
    context = svc.build_context
    held.update(files.python_below(context, lambda _rel: False) if files.is_dir(context) else ())
    names: set[str] = set()
    for e in python:
        via = "python" if server is None else e.via
        if (e.kind != "module" or e.via != via or (server is not None and via not in server.programs)
                or not e.working_dir or not e.working_dir.startswith("/")):
            return False
        if server is not None and any(view.file(posixpath.join(e.working_dir, c)) is not None
                                      for c in server.default_config):
            return False  # a configuration file found there may set the import path
        parts = e.value.split(".")
        if len(parts) < (1 if server is not None else 2) or not all(p.isidentifier() for p in parts):
            return False
        if server is not None and not _mounted_over(svc, e.working_dir, files):
            return False  # (only where the tree's own directory is what the server imports from)
        missing = _missing_level(parts, e.working_dir, view, files, top_absent=server is not None)
        if missing is None:
            return False
        tail = "/".join(parts[:missing + 1])
        if any(rel.endswith(tail + ".py") or f"/{tail}/" in f"/{rel}" for rel in held):
            return False  # a file of the project may be that module, copied where the layout does not say
        if not _mounted_over(svc, posixpath.join(e.working_dir, *parts[:missing]), files):
            names.add(parts[missing])
    # (a module whose directory a bind mount of the tree covers is the tree's, whatever the build
    # wrote there: the mount hides it)
    return not names or not _build_may_write(svc, names, files, frameworks)


def _mounted_over(svc: Service, cpath: str, files: ProjectFiles) -> bool:
    """Whether the container directory ``cpath`` lies in a Compose bind mount of a directory of
    the tree (``./services/api:/app``), so that what the image's build put there is hidden and
    the tree's own files are what the container holds."""
    cpath = posixpath.normpath(cpath)
    for root in svc.code:
        target = root.target
        if not root.mounted or not target or not target.startswith("/") or not files.is_dir(root.source):
            continue
        target = posixpath.normpath(target)
        if cpath == target or cpath.startswith(target.rstrip("/") + "/"):
            return True
    return False


def _missing_level(parts: list[str], workdir: str, view: ContainerView, files: ProjectFiles,
                   top_absent: bool = False) -> int | None:
    """The index of the first dotted part the container lacks below the package that
    ``parts[0]`` names in ``workdir``, where each package above it is a regular one (its
    ``__init__.py`` held, not extending ``__path__``); None where the module may be found.
    With ``top_absent``, 0 where ``workdir`` holds neither a directory nor a module of that
    first name (the caller checks that no file of the project could be it)."""
    here = posixpath.normpath(workdir)
    for i, part in enumerate(parts):
        if i and (view.file(posixpath.join(here, part + ".py")) is not None or view.is_dir(posixpath.join(here, part))):
            here = posixpath.join(here, part)
            continue
        if i:
            return i
        if (top_absent and not view.is_dir(posixpath.join(here, part))
                and view.file(posixpath.join(here, part + ".py")) is None):
            return 0
        here = posixpath.join(here, part)
        init = view.file(posixpath.join(here, "__init__.py"))
        if init is None:
            return None  # no regular package here: another directory on sys.path may hold it
        text = files.text(init)
        if text is None or "__path__" in text:
            return None
        continue
    return None


def _module_server(svc: Service, program: str, args: list[str], servers: Sequence[Server]) -> Server | None:
    """The server ``program`` runs where it imports its application as a module named by its
    first positional argument, from its working directory alone: no option nor configuration
    that may add a directory to the import path or change directory (``--app-dir``,
    ``--chdir``, ``--pythonpath``, ``-c``; an option written ``--opt=value`` too), nor its
    argument variable set (``GUNICORN_CMD_ARGS``).  None otherwise."""
    for server in servers:
        if program not in server.programs or server.app != "positional" or server.app_kind != "module":
            continue
        risky = set(server.app_dir_options + server.path_options + server.config_options)
        if any(a.split("=", 1)[0] in risky for a in args):
            return None
        if any(svc.env(name) is not None for name in server.args_env):
            return None
        return server
    return None
