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
"""
from __future__ import annotations

import posixpath
import re

from dockwise.knowledge import Frameworks
from dockwise.layout.model import Service
from dockwise.runs.fs import ContainerView, ProjectFiles
from dockwise.runs.imagematch import image_in

_SEPARATORS = re.compile(r"&&|\|\||[;|\n()`]|\$\(")
_PREFIXES = frozenset(("sudo", "exec", "then", "do", "else", "elif", "if", "while", "until", "!", "{", "time",
                       "nice", "nohup", "env"))
# programs that read or run a file without writing it
_READERS = frozenset(("chmod", "test", "[", "[[", "sh", "bash", "dash", "ash", "zsh", "source", "."))


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
    for part in _SEPARATORS.split(text):
        if name not in part:
            continue
        words = part.split()
        while words and (words[0] in _PREFIXES or re.fullmatch(r"[A-Za-z_]\w*=\S*", words[0])):
            words = words[1:]
        if not words:
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
    if svc.dockerfile is not None or svc.build_context is not None or not svc.code:
        return False
    if not image_in(svc, (*frameworks.interpreter_images, *frameworks.shell_images)):
        return False
    if "$" in script or not script:
        return False
    cpath = _container_path(script, cwd)
    if cpath is None or view.file(cpath) is not None or not _inside_mount(cpath, view, files):
        return False
    return not _writes(command_text, posixpath.basename(cpath))
