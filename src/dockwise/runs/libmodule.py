"""A start command that runs a module of a library the project depends on.

``python -m acme_sdk.cli rt`` (or ``uv run -m ...``), where no file of the project is
``acme_sdk.cli`` but the project's packaging declares ``acme-sdk`` among its dependencies
(``[project] dependencies``, Poetry's ``[tool.poetry.dependencies]``, a ``requirements*.txt``
beside it), runs the library's own program: the container runs none of the project's files,
and is not judged on every file it holds.  A distribution's import name is taken to be its
name in lower case with ``-`` and ``.`` read as ``_`` (``langchain-core`` -> ``langchain_core``);
a name that differs (``beautifulsoup4`` -> ``bs4``) is not matched and keeps the fallback.
Only where no argument names a file or a dotted path (``--app acme/main.py``, ``acme.main:app``:
the library may load the project from it), and where the module is no program dockwise knows
to load the project's code (a server, a runner, a task runner of ``rules/``).
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

from dockwise.runs.fs import ProjectFiles

_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def library_module(entries: Sequence[Any], files: ProjectFiles, dirs: Iterable[str], knowledge: Any) -> str | None:
    """The module of a declared library that every one of ``entries`` runs as ``-m`` (the
    first one's name), or None where one of them may run the project's code."""
    if not entries:
        return None
    known = _program_names(knowledge)
    declared: set[str] | None = None
    for e in entries:
        if e.kind != "module" or not e.main or not e.value:
            return None
        top = e.value.split(".", 1)[0]
        if top in known or any(_names_code(a) for a in e.args):
            return None
        if declared is None:
            declared = _declared(files, dirs)
        if _normal(top) not in declared:
            return None
    return entries[0].value


def _names_code(arg: str) -> bool:
    """An argument that may name a file or a module of the project (or an option's value that may)."""
    value = arg.split("=", 1)[1] if arg.startswith("-") and "=" in arg else arg
    if value.startswith("-"):
        return False
    return any(c in value for c in "./:\\")


def _program_names(knowledge: Any) -> frozenset[str]:
    """The programs and modules dockwise knows to load the project's code."""
    cmds = knowledge.commands
    fw = knowledge.frameworks
    names: set[str] = set()
    for s in cmds.servers:
        names.update(s.programs)
        names.update(s.modules)
    for r in cmds.runners:
        names.update(r.names)
    for t in fw.task_runners:
        names.update(t.programs)
        names.update(t.modules)
    for c in (*fw.ini_entries, *fw.process_managers):
        names.update(c.programs)
    for m in fw.module_lists:
        names.update(m.programs)
    names.update(fw.management.programs)
    names.update(fw.app_submodules)
    names.update(fw.test_runners)
    return frozenset(n.split(".", 1)[0] for n in names)


def _normal(name: str) -> str:
    return re.sub(r"[-.]+", "_", name).lower()


def _declared(files: ProjectFiles, dirs: Iterable[str]) -> set[str]:
    """The normalised names of the distributions the packaging files in ``dirs`` declare."""
    out: set[str] = set()
    for d in dict.fromkeys(dirs):
        prefix = f"{d}/" if d else ""
        text = files.text(prefix + "pyproject.toml")
        if text:
            out.update(_pyproject_deps(text))
        for name in files.listdir(d):
            if name.startswith("requirements") and name.endswith(".txt"):
                req = files.text(prefix + name) or ""
                for line in req.splitlines():
                    m = _REQUIREMENT.match(line)
                    if m and not line.lstrip().startswith("#"):
                        out.add(_normal(m.group(1)))
    return out


def _pyproject_deps(text: str) -> set[str]:
    try:
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef, unused-ignore]  # redefines on 3.11+ only
        data = tomllib.loads(text)
    except (ImportError, ValueError, RecursionError):
        return set()
    out: set[str] = set()
    project = data.get("project")
    project = project if isinstance(project, dict) else {}
    for dep in project.get("dependencies") or ():
        if isinstance(dep, str) and (m := _REQUIREMENT.match(dep)):
            out.add(_normal(m.group(1)))
    tool = data.get("tool")
    tool = tool if isinstance(tool, dict) else {}
    poetry = tool.get("poetry")
    poetry = poetry if isinstance(poetry, dict) else {}
    deps = poetry.get("dependencies")
    if isinstance(deps, dict):
        out.update(_normal(k) for k in deps if isinstance(k, str) and k.lower() != "python")
    return out
