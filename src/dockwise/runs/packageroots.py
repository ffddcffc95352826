"""The directories a project's ``pyproject.toml`` installs its packages from.

A package installed from the tree is imported by its name from wherever the build backend
found it: ``src/`` by convention (``runs.build`` adds it beside every directory the code lands
in), or a directory the project names.  Poetry's ``packages = [{include = "app/api", from =
"bases"}, {include = "app/store", from = "components"}]`` (a workspace of bases and components)
makes ``import app.api`` load ``bases/app/api``; setuptools' ``[tool.setuptools.packages.find]
where = ["lib"]`` and ``[tool.setuptools.package-dir] "" = "lib"`` do the same for ``lib/``.
Only a ``pyproject.toml`` of a directory already on the container's ``sys.path`` (its working
directory, a directory the code lands in) is read: the project the container runs from there.
"""
from __future__ import annotations

import posixpath

from dockwise.runs.tomltext import parse_toml, table

__all__ = ["package_dirs"]

MAX_DIRS = 32  # directories one pyproject names: a workspace of a few dozen bricks at most


def package_dirs(text: str) -> list[str]:
    """The directories, relative to the ``pyproject.toml`` whose text is ``text``, that its
    packages are installed from (``bases``, ``components``, ``lib``); empty where it names none
    or cannot be read."""
    data = parse_toml(text)
    if data is None:
        return []
    out: list[str] = []
    tool = table(data, "tool")
    packages = table(tool, "poetry").get("packages")
    for item in packages if isinstance(packages, list) else ():
        if isinstance(item, dict) and isinstance(item.get("from"), str):
            out.append(item["from"])
    setuptools = table(tool, "setuptools")
    where = table(table(setuptools, "packages"), "find").get("where")
    for d in where if isinstance(where, list) else ():
        if isinstance(d, str):
            out.append(d)
    root = table(setuptools, "package-dir").get("")
    if isinstance(root, str):
        out.append(root)
    dirs = []
    for d in out:
        d = posixpath.normpath(d.strip())
        if d and d != "." and not d.startswith(("/", "..")) and "\x00" not in d and d not in dirs:
            dirs.append(d)
    return dirs[:MAX_DIRS]
